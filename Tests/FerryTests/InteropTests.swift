import Foundation
import Testing

/// Bundles can be audited with tar, minisign, zstd and b2sum alone, and keys made by
/// minisign work in ferry.
@Suite struct InteropTests {
    /// A workshop with the delta bundle 1 to 5 in `delta.bundle`, extracted by tar into
    /// `extracted/`.
    static func extractedDelta() throws -> Workshop {
        let shop = try Workshop(.samples)
        _ = try shop.pack(since: 1, output: "delta.bundle")
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

        let checked = try Self.checkDecodedPayloads(in: shop, "full", codec: "zstd", extra: [])
        #expect(checked > 0, "the full bundle has no zstd payload")
    }

    @Test func stockZstdAppliesAPatchPayloadAgainstItsBases() throws {
        let shop = try Self.extractedDelta()
        let manifest = try Self.manifest(in: shop, "extracted")
        let members = manifest["payloads"] as? [[String: Any]] ?? []
        let patched = try #require(members.first { $0["bases"] != nil }, "no zstd-patch member")

        let bases = patched["bases"] as? [String] ?? []
        var old = [UInt8]()
        for base in bases {
            old += Array(
                try Data(contentsOf: URL(fileURLWithPath: shop.data.releases[0] + "/" + base)))
        }
        try shop.folder.write("bases", old)
        let checked = try Self.checkDecodedPayloads(
            in: shop, "extracted", codec: "zstd-patch", extra: ["--patch-from=bases"])
        #expect(checked > 0)
    }

    /// Decodes every payload member of `codec` with the stock zstd, cuts each change's bytes
    /// out of it and checks them with `b2sum -l 256` against the manifest; returns how many
    /// changes were checked.
    static func checkDecodedPayloads(
        in shop: Workshop, _ folder: String, codec: String, extra: [String]
    ) throws -> Int {
        let manifest = try manifest(in: shop, folder)
        let changes = manifest["changes"] as? [[String: Any]] ?? []
        var checked = 0
        for change in changes {
            guard let payload = change["payload"] as? [String: Any],
                payload["codec"] as? String == codec, let member = payload["member"] as? String,
                let offset = payload["offset"] as? Int, let length = payload["length"] as? Int
            else { continue }
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
