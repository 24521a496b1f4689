import Foundation
import Testing

@testable import FerryCore

/// Bundles that a stolen key (or a bug on the online side) could sign: each is properly
/// signed and obeys the manifest rules, yet apply must refuse it before installing
/// anything, and must never write more than the manifest declares.
@Suite struct HostileBundleTests {
    /// The name, in the bench's folder, of a signed bundle that the library's own writer
    /// made from hand-made parts.
    static func write(
        _ changes: [Change], payloads: [(bytes: [UInt8], bases: [String]?)],
        from: VersionReference? = nil,
        to tree: Tree, bench: TargetBench, name: String = "hostile.bundle",
        comment: String? = nil
    ) throws -> String {
        let work = "work-\(name)"
        var members = [PayloadMember]()
        for (index, payload) in payloads.enumerated() {
            let member = PayloadMember.name(index + 1)
            try bench.folder.write(work + "/" + member, payload.bytes)
            members.append(
                PayloadMember(
                    name: member, size: payload.bytes.count, hash: Digest.of(payload.bytes),
                    bases: payload.bases))
        }
        try FileManager.default.createDirectory(
            atPath: bench.folder.file(work), withIntermediateDirectories: true)
        let manifest = Manifest(
            channel: "av", from: from,
            to: VersionReference(version: 9, label: nil, tree: tree.hash),
            created: TargetBench.created, expires: nil, changes: changes, payloads: members)
        let signature = Signature.sign(
            manifest.encoded(), with: bench.key,
            trustedComment: comment ?? BundleSignature.trustedComment(for: manifest),
            untrustedComment: "hostile")
        let payloads = try Directory.open(bench.folder.file(work))
        try BundleWriter.write(manifest, signature: signature, to: bench.folder.file(name)) {
            try payloads.openFile($0.name)
        }
        return name
    }

    static func entry(_ path: String, _ bytes: [UInt8]) -> TreeEntry {
        TreeEntry(path: path, mode: 0o644, size: bytes.count, hash: Digest.of(bytes))
    }

    static func add(_ entry: TreeEntry, member: Int = 1, offset: Int = 0, codec: Codec = .raw)
        -> Change
    {
        Change(
            .add, path: entry.path,
            result: FileFacts(mode: entry.mode, size: entry.size, hash: entry.hash),
            payload: PayloadReference(
                member: PayloadMember.name(member), offset: offset, length: entry.size, codec: codec
            ))
    }

    /// Every file below the target's staging area, with its size.
    static func stagedSizes(_ bench: TargetBench) throws -> [String: Int] {
        try bench.folder.files(under: "target/.ferry/staging").mapValues(\.bytes.count)
    }

    @Test func decompressionBombStopsAtTheDeclaredSize() throws {
        let bench = try TargetBench()
        let declared = Self.entry("db.sigs", [UInt8](repeating: 0, count: 1024))
        let bomb = try CodecRun.encode(.zstd, [UInt8](repeating: 0, count: 10_000_000))
        let bundle = try Self.write(
            [Self.add(declared, codec: .zstd)], payloads: [(bomb, nil)], to: Tree([declared]),
            bench: bench)

        #expect(throws: CodecError.self) { _ = try bench.apply(bundle) }
        #expect(!bench.folder.exists("target/db.sigs"))
        #expect(try Self.stagedSizes(bench).values.allSatisfy { $0 <= 1024 })
    }

    @Test func signedTreeHashThatTheChangesDoNotGiveIsRefused() throws {
        let bench = try TargetBench()
        let file = Self.entry("db.sigs", Array("real\n".utf8))
        let other = Self.entry("db.sigs", Array("other\n".utf8))
        let bundle = try Self.write(
            [Self.add(file)], payloads: [(Array("real\n".utf8), nil)], to: Tree([other]),
            bench: bench)

        #expect(throws: BundleError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == [:])
    }

    @Test func trustedCommentOfAnotherManifestIsRefused() throws {
        let bench = try TargetBench()
        let file = Self.entry("db.sigs", Array("real\n".utf8))
        let bundle = try Self.write(
            [Self.add(file)], payloads: [(Array("real\n".utf8), nil)], to: Tree([file]),
            bench: bench, comment: "ferry bundle channel:av from:none to:1 tree:\(file.hash.hex)")

        #expect(throws: BundleError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == [:])
    }

    @Test func fileInsideAFileIsRefused() throws {
        let bench = try TargetBench()
        let outer = Self.entry("a", Array("x".utf8))
        let inner = Self.entry("a/b", Array("y".utf8))
        let bundle = try Self.write(
            [Self.add(outer), Self.add(inner, offset: 1)], payloads: [(Array("xy".utf8), nil)],
            to: Tree([outer, inner]), bench: bench)

        #expect(throws: ManifestError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == [:])
    }

    @Test func payloadWhoseFileHashIsWrongIsRefused() throws {
        let bench = try TargetBench()
        let claimed = Self.entry("db.sigs", Array("good\n".utf8))
        let bundle = try Self.write(
            [Self.add(claimed)], payloads: [(Array("evil\n".utf8), nil)], to: Tree([claimed]),
            bench: bench)

        #expect(throws: BundleError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == [:])
    }

    @Test func copyFromAPathThatIsNotInstalledIsRefused() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        let installed = try #require(try bench.target().state()?.tree)
        let copied = Self.entry("stolen", Array("secret\n".utf8))
        let copy = Change(
            .copy, path: "stolen",
            result: FileFacts(mode: 0o644, size: copied.size, hash: copied.hash),
            source: "absent.sigs")
        let bundle = try Self.write(
            [copy], payloads: [],
            from: VersionReference(version: 1, label: "r1", tree: installed.hash),
            to: Tree(installed.entries + [copied]), bench: bench)

        #expect(throws: BundleError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == bench.release("release1"))
    }

    @Test func patchAgainstABaseThatIsNotInstalledIsRefused() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        let installed = try #require(try bench.target().state()?.tree)
        let content = Array("new database\n".utf8)
        let added = Self.entry("new.sigs", content)
        let frame = try CodecRun.encode(.zstdPatch, content, prefix: Array("x".utf8))
        let bundle = try Self.write(
            [Self.add(added, codec: .zstdPatch)], payloads: [(frame, ["missing.sigs"])],
            from: VersionReference(version: 1, label: "r1", tree: installed.hash),
            to: Tree(installed.entries + [added]), bench: bench)

        #expect(throws: BundleError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.installed() == bench.release("release1"))
    }

    @Test func fileWhereTheTargetHasAFolderIsRefused() throws {
        let bench = try TargetBench()
        try bench.folder.write("target/db.sigs/local-file", "not ferry's\n")
        let file = Self.entry("db.sigs", Array("real\n".utf8))
        let bundle = try Self.write(
            [Self.add(file)], payloads: [(Array("real\n".utf8), nil)], to: Tree([file]),
            bench: bench)

        #expect(throws: TargetError.self) { _ = try bench.apply(bundle) }
        #expect(try bench.folder.bytes("target/db.sigs/local-file") == Array("not ferry's\n".utf8))
    }
}
