import FerryCore
import Foundation
import Testing

/// Cases of the tamper table whose manifest the trusted key signs although it is hostile:
/// what a stolen key or a bug on the online side could produce. Each starts from a valid
/// delta that adds files to the installed version 2 (see `forgedBundleAppliesOnTheBench`)
/// and breaks one thing, so the signature verifies and the refusal comes from the check
/// meant for that thing.
extension TamperTests {
    static let forgedCases: [Case] = forgedPaths + forgedSizes + forgedSignatures + forgedVersions

    static let forgedPaths: [Case] = [
        forged("path with a .. component", says: "'..'") {
            try $0.adding(["rules/../../escape.sigs"])
        },
        forged("absolute path", says: "absolute") { bench in
            try bench.adding([bench.folder.path("escape.sigs")])
        },
        forged("path with a backslash", says: "backslash") { try $0.adding(["..\\escape.sigs"]) },
        forged("path with a NUL", says: "control") { try $0.adding(["evil\u{0}.sigs"]) },
        forged("path with a control character", says: "control") {
            try $0.adding(["evil\u{1b}[2J.sigs"])
        },
        forged("path with a newline", says: "control") {
            try $0.adding(["evil\nferry: applied.sigs"])
        },
        forged("NFC and NFD twins", says: "twice") {
            try $0.adding(["caf\u{e9}.sigs", "cafe\u{301}.sigs"])
        },
        forged("path longer than 1024 bytes", says: "longer") { try $0.adding([longPath]) },
        forged("path component longer than 255 bytes", says: "longer") {
            try $0.adding([String(repeating: "n", count: 256)])
        },
        forged("the same path twice", says: "twice") {
            try $0.adding(["twice.sigs", "twice.sigs"])
        },
        forged("path inside .ferry", says: "state folder") { try $0.adding([".ferry/state.json"]) },
        forged("path that is .ferry", says: "state folder") { try $0.adding([".ferry"]) },
    ]

    /// 1099 bytes in 11 components of 99.
    static let longPath = Array(repeating: String(repeating: "d", count: 99), count: 11)
        .joined(separator: "/")

    static let forgedSizes: [Case] = [
        forged("payload member size differs from the manifest", says: "payload/000001") {
            try $0.adding(["a.sigs"]) { forgery, _ in forgery.manifest.payloads[0].size += 1 }
        },
        forged("payload decodes to more than the file size", says: "decodes to more", decoded: true)
        {
            try $0.adding(["a.sigs"]) { forgery, tree in forgery.shrinkFile(by: 1, in: &tree) }
        },
        forged("payload decodes to less than the file size", says: "decodes to", decoded: true) {
            try $0.adding(["a.sigs"]) { forgery, tree in forgery.shrinkFile(by: -1, in: &tree) }
        },
        forged("zstd bomb", says: "decodes to more", decoded: true) { try $0.bomb(.zstd) },
        forged("gzip bomb", says: "decodes to more", decoded: true) { try $0.bomb(.gzip) },
        forged("payloads in the wrong order") { bench in
            let (forge, forgery, _) = try bench.forgery(adding: ["a.sigs", "b.sigs"])
            var entries = forge.entries(forgery)
            entries.swapAt(2, 3)
            return try bench.folder.write("forged.bundle", TarWriter.archive(entries))
        },
    ]

    static let forgedSignatures: [Case] = [
        forged("signature over other bytes", says: "does not match the signed data") { bench in
            let (forge, forgery, _) = try bench.forgery(adding: ["a.sigs"])
            var entries = forge.entries(forgery)
            let comment = BundleSignature.trustedComment(for: forgery.manifest)
            entries[1].data = forge.signature(of: entries[0].data + [0x0A], comment: comment)
            return try bench.folder.write("forged.bundle", TarWriter.archive(entries))
        },
        forged("legacy signature that is not prehashed", says: "legacy") { bench in
            let (forge, forgery, _) = try bench.forgery(adding: ["a.sigs"])
            var entries = forge.entries(forgery)
            let comment = BundleSignature.trustedComment(for: forgery.manifest)
            entries[1].data = try bench.legacySignature(of: entries[0].data, comment: comment)
            return try bench.folder.write("forged.bundle", TarWriter.archive(entries))
        },
        forged("trusted comment of another bundle", says: "does not describe") {
            try $0.adding(["a.sigs"]) { forgery, _ in
                forgery.comment = BundleSignature.trustedComment(for: forgery.manifest)
                    .replacingOccurrences(of: "to:6", with: "to:7")
            }
        },
        forged("format 2", says: "format 2") {
            try $0.adding(["a.sigs"]) { forgery, _ in forgery.manifest.format = 2 }
        },
    ]

    static let forgedVersions: [Case] = [
        forged("fast-forward to version 2^40", says: "version") {
            try $0.adding(["a.sigs"]) { forgery, _ in forgery.manifest.to.version = 1 << 40 }
        },
        Case(
            name: "delta from the installed version but another tree", status: targetState,
            says: "does not have the files"
        ) {
            try $0.adding(["a.sigs"]) { forgery, _ in
                forgery.manifest.from?.tree = Digest.of(Array("another tree".utf8))
            }
        },
        Case(name: "replay of the installed bundle", status: 0) { bench in
            bench.folder.path("delta-2.bundle")
        },
        Case(name: "replay of an older full bundle", status: verification) { bench in
            bench.folder.path("full-1.bundle")
        },
    ]

    /// A case whose bundle a trusted key signed: a verification failure for apply and verify
    /// (with --decode when only `decoded` payloads show it).
    static func forged(
        _ name: String, says: String? = nil, decoded: Bool = false,
        _ make: @escaping @Sendable (Bench) throws -> String
    ) -> Case {
        Case(
            name: name, status: verification, damaged: true, showsWhenDecoded: decoded, says: says,
            make: make)
    }

    /// The file content every forged case adds.
    static func content(_ path: String) -> [UInt8] {
        Array("forged content of \(path)\n".utf8)
    }

    @Test func forgedBundleAppliesOnTheBench() throws {
        let bench = try Bench()
        let bundle = try bench.adding(["extra/a.sigs", "extra/b.sigs"])
        Outcome.expectSuccess(try bench.shop.apply(bundle))
        #expect(try bench.folder.bytes("target/extra/b.sigs") == Self.content("extra/b.sigs"))
        Outcome.expectSuccess(try bench.shop.ferry(["status", "--target", "target", "--check"]))
    }

    @Test func goodBundleRebuiltByTheTestsTarWriterApplies() throws {
        let bench = try Bench()
        Outcome.expectSuccess(try bench.shop.apply(try bench.rebuilt { _ in }))
        #expect(try bench.shop.differences(release: 5) == nil)
    }
}

extension Forgery {
    /// Makes the last file's declared size (and its payload length) `amount` bytes smaller
    /// than its payload really decodes to, with the tree hash fitting the lie.
    mutating func shrinkFile(by amount: Int, in tree: inout [TreeEntry]) {
        let index = manifest.changes.count - 1
        var change = manifest.changes[index]
        let size = change.payload!.length - amount
        let bytes = payloads[payloads.count - 1]
        let hash = Digest.of(bytes.prefix(size))
        change.result = FileFacts(mode: 0o644, size: size, hash: hash)
        change.payload?.length = size
        manifest.changes[index] = change
        tree[tree.count - 1] = TreeEntry(path: change.path, mode: 0o644, size: size, hash: hash)
        manifest.to.tree = Tree(tree).hash
    }
}

extension TamperTests.Bench {
    /// The forge and a valid delta from version 2 that adds `paths`, each with its own
    /// content in a raw member of its own, and the tree the delta gives.
    func forgery(adding paths: [String]) throws -> (BundleForge, Forgery, [TreeEntry]) {
        let forge = try BundleForge(shop)
        var (forgery, tree) = try forge.delta()
        for path in paths {
            forgery.add(path, TamperTests.content(path), to: &tree)
        }
        return (forge, forgery, tree)
    }

    /// Writes the delta adding `paths`, changed by `edit`, signed by the trusted key.
    func adding(
        _ paths: [String], edit: (inout Forgery, inout [TreeEntry]) throws -> Void = { _, _ in }
    ) throws -> String {
        let (forge, start, entries) = try forgery(adding: paths)
        var (forgery, tree) = (start, entries)
        try edit(&forgery, &tree)
        return try forge.write(forgery)
    }

    /// A delta adding one file declared as 1 KiB of zeros, whose payload decodes to far more.
    func bomb(_ codec: Codec) throws -> String {
        let bytes = try #require(codec == .zstd ? Bombs.zstd : Bombs.gzip, "no \(codec) bomb")
        return try adding(["bomb.sigs"]) { forgery, tree in
            let zeros = [UInt8](repeating: 0, count: 1024)
            forgery.manifest.changes[0].result = FileFacts(
                mode: 0o644, size: zeros.count, hash: Digest.of(zeros))
            forgery.manifest.changes[0].payload?.length = zeros.count
            forgery.manifest.changes[0].payload?.codec = codec
            forgery.manifest.payloads[0] = PayloadMember(
                name: "payload/000001", size: bytes.count, hash: Digest.of(bytes))
            forgery.payloads[0] = bytes
            tree[tree.count - 1] = TreeEntry(
                path: "bomb.sigs", mode: 0o644, size: zeros.count, hash: Digest.of(zeros))
            forgery.manifest.to.tree = Tree(tree).hash
        }
    }

    /// A legacy ("Ed", not prehashed) signature of `message` by the trusted key, made by the
    /// stock minisign with -l.
    func legacySignature(of message: [UInt8], comment: String) throws -> [UInt8] {
        try folder.write("legacy.json", message)
        let result = try StockTools.run(
            StockTools.minisign,
            [
                "-S", "-l", "-s", "k.key", "-m", "legacy.json", "-x", "legacy.minisig", "-t",
                comment,
            ],
            in: folder)
        try #require(result.status == 0, "minisign -S -l failed: \(result)")
        return try folder.bytes("legacy.minisig")
    }
}

/// Payloads that decompress far beyond any declared size, made once by the stock tools:
/// 1 GiB of zeros as one zstd frame (about 40 kB) and 100 MiB as one gzip member (450 kB).
enum Bombs {
    static let zstd = make("head -c 1073741824 /dev/zero | zstd -1 -q -c")
    static let gzip = make("head -c 104857600 /dev/zero | gzip -1 -c")

    private static func make(_ pipeline: String) -> [UInt8]? {
        guard let folder = try? TempFolder(),
            let result = try? Runner.run("/bin/sh", ["-c", pipeline + " > bomb"], in: folder),
            result.status == 0
        else { return nil }
        return try? folder.bytes("bomb")
    }
}
