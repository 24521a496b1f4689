import Foundation
import Testing

/// Bundles can be audited with tar, minisign, zstd and b2sum alone, and keys made by
/// minisign work in ferry.
@Suite struct InteropTests {
    /// A workshop with the delta bundle 1 to 5 in `delta.bundle`, extracted by tar into
    /// `extracted/`.
    static func extractedDelta(_ data: DataSet = .samples, extra: [String] = []) throws
        -> Workshop
    {
        let shop = try Workshop(data)
        _ = try shop.pack(since: 1, output: "delta.bundle", extra: extra)
        try shop.folder.makeFolder("extracted")
        let result = try StockTools.run(
            StockTools.tar, ["-xf", "delta.bundle", "-C", "extracted"], in: shop.folder)
        try #require(result.status == 0, "\(result)")
        return shop
    }

    /// The manifest a bundle extracted into `folder` holds.
    static func manifest(in shop: Workshop, _ folder: String) throws -> [String: Any] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: shop.folder.path(folder + "/manifest.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func tarListsExactlyTheBundleMembers() throws {
        let shop = try Self.extractedDelta()
        let listing = try StockTools.run(StockTools.tar, ["-tvf", "delta.bundle"], in: shop.folder)
        #expect(listing.status == 0, "\(listing)")

        let lines = listing.stdout.split(separator: "\n")
        let names = lines.compactMap { $0.split(separator: " ").last.map(String.init) }
        let payloads = try Self.manifest(in: shop, "extracted")["payloads"] as? [Any] ?? []
        let expected =
            ["manifest.json", "manifest.json.minisig"]
            + (1...max(payloads.count, 1)).map { String(format: "payload/%06d", $0) }
        #expect(!payloads.isEmpty)
        #expect(names == expected)
        #expect(lines.allSatisfy { $0.hasPrefix("-") }, "every member is a regular file")
    }

    @Test func stockMinisignVerifiesTheManifest() throws {
        let shop = try Self.extractedDelta()
        let result = try StockTools.run(
            StockTools.minisign, ["-Vm", "extracted/manifest.json", "-p", "k.pub"], in: shop.folder)

        #expect(result.status == 0, "\(result)")
        let output = result.stdout + result.stderr
        #expect(output.contains("ferry bundle channel:av-bases from:1 to:5 tree:"), "\(result)")
    }

    @Test func stockMinisignRejectsAnAlteredManifest() throws {
        let shop = try Self.extractedDelta()
        var bytes = try shop.folder.bytes("extracted/manifest.json")
        bytes[bytes.count / 2] ^= 0x01
        try shop.folder.write("extracted/manifest.json", bytes)

        let result = try StockTools.run(
            StockTools.minisign, ["-Vm", "extracted/manifest.json", "-p", "k.pub"], in: shop.folder)
        #expect(result.status != 0, "\(result)")
    }

    @Test func minisignKeysSignBundlesThatFerryVerifies() throws {
        let shop = try Workshop(.samples)
        let made = try StockTools.run(
            StockTools.minisign, ["-G", "-W", "-p", "m.pub", "-s", "m.key"], in: shop.folder)
        try #require(made.status == 0, "\(made)")

        let bundle = try shop.pack(since: 1, output: "delta.bundle", key: "m.key")
        let verified = try shop.ferry(["verify", bundle, "--trust", "m.pub"])
        Outcome.expectSuccess(verified)
        Outcome.expectError(try shop.ferry(["verify", bundle, "--trust", "k.pub"]), status: 3)
    }

    @Test func stockZstdReproducesFilesFromAWholeContentPayload() throws {
        let shop = try Workshop(.samples)
        _ = try shop.pack(since: nil, to: 1, output: "full.bundle")
        try shop.folder.makeFolder("full")
        try #require(
            try StockTools.run(
                StockTools.tar, ["-xf", "full.bundle", "-C", "full"], in: shop.folder
            )
            .status == 0)

        let checked = try Self.checkDecodedPayloads(in: shop, "full", codec: "zstd")
        #expect(checked > 0, "the full bundle has no zstd payload")
    }

    @Test func stockZstdAppliesAPatchPayloadAgainstItsBases() throws {
        let shop = try Self.extractedDelta()
        let checked = try Self.checkDecodedPayloads(
            in: shop, "extracted", codec: "zstd-patch", old: shop.data.releases[0])
        #expect(checked > 0, "the delta bundle has no zstd-patch payload")
    }

    /// A large file travels in a patch member of its own and small ones share another; each
    /// decodes against its own bases.
    @Test func stockZstdAppliesEveryPatchMemberAgainstItsOwnBases() throws {
        func release(_ version: UInt8) -> [String: [UInt8]] {
            var large = MadeReleases.noise(9_000_000)
            large[4_000_000] = version
            return [
                "large.db": large, "a.txt": Array("small file \(version)\n".utf8),
                "b.txt": Array(String(repeating: "line \(version)\n", count: 300).utf8),
            ]
        }
        let made = try MadeReleases(name: "two-patches", first: release(1), second: release(2))
        let shop = try Self.extractedDelta(made.data, extra: ["--level", "3"])
        let members = try Self.manifest(in: shop, "extracted")["payloads"] as? [[String: Any]]
        try #require(members?.filter { $0["bases"] != nil }.count == 2, "\(members ?? [])")

        let checked = try Self.checkDecodedPayloads(
            in: shop, "extracted", codec: "zstd-patch", old: shop.data.releases[0])
        #expect(checked == 3)
    }

    /// Decodes every payload member of `codec` with the stock zstd, cuts each change's bytes
    /// out of it and checks them with `b2sum -l 256` against the manifest; returns how many
    /// changes were checked. A zstd-patch member is decoded with `--patch-from` the old
    /// files its manifest entry names as bases, concatenated in order, read from `old`.
    static func checkDecodedPayloads(
        in shop: Workshop, _ folder: String, codec: String, old: String? = nil
    ) throws -> Int {
        let manifest = try manifest(in: shop, folder)
        let changes = manifest["changes"] as? [[String: Any]] ?? []
        let members = manifest["payloads"] as? [[String: Any]] ?? []
        var checked = 0
        for change in changes {
            guard let payload = change["payload"] as? [String: Any],
                payload["codec"] as? String == codec, let member = payload["member"] as? String,
                let offset = payload["offset"] as? Int, let length = payload["length"] as? Int
            else { continue }
            var extra = ["--long=31"]
            if let old {
                let entry = members.first { $0["member"] as? String == member }
                let bases = try #require(entry?["bases"] as? [String], "\(member) has no bases")
                try writeBases(bases, from: old, to: "bases", in: shop)
                extra.append("--patch-from=bases")
            }
            let decoded = try StockTools.run(
                StockTools.zstd, ["-d", "-f"] + extra + ["\(folder)/\(member)", "-o", "decoded"],
                in: shop.folder)
            try #require(decoded.status == 0, "\(decoded)")
            let bytes = try shop.folder.bytes("decoded")
            try shop.folder.write("file", Array(bytes[offset..<offset + length]))
            #expect(try StockTools.blake2b256("file", in: shop.folder) == change["hash"] as? String)
            checked += 1
        }
        return checked
    }

    /// Writes the old files `bases` (paths in the release folder `old`) one after another.
    static func writeBases(_ bases: [String], from old: String, to name: String, in shop: Workshop)
        throws
    {
        var bytes = [UInt8]()
        for base in bases {
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: old + "/" + base)))
        }
        _ = try shop.folder.write(name, bytes)
    }

    @Test func gzipBundleVerifiesAndInstalls() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        let bundle = try shop.pack(since: nil, to: 2, output: "gzip.bundle", extra: ["--gzip"])

        Outcome.expectSuccess(try shop.ferry(["verify", bundle, "--trust", "k.pub"]))
        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(try shop.differences(release: 2) == nil)
    }

    @Test func passphraseKeySignsBundles() throws {
        let shop = try Workshop(.samples)
        try shop.folder.write("passphrase", "correct horse battery staple\n")
        let made = try shop.ferry([
            "keygen", "--secret-key", "p.key", "--public-key", "p.pub", "--passphrase-file",
            "passphrase",
        ])
        try #require(made.status == 0, "\(made)")

        let bundle = try shop.pack(
            since: 1, output: "delta.bundle", key: "p.key",
            extra: ["--passphrase-file", "passphrase"])
        Outcome.expectSuccess(try shop.ferry(["verify", bundle, "--trust", "p.pub"]))
    }
}
