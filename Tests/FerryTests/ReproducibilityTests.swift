import Foundation
import Testing

/// With the same store, versions, key and SOURCE_DATE_EPOCH, pack writes the same bytes,
/// so a second online machine can check a bundle by making it again.
@Suite struct ReproducibilityTests {
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    @Test(arguments: [nil, 1] as [Int?]) func twoPacksAreByteIdentical(_ since: Int?) throws {
        let shop = try Workshop(.samples)
        let first = try shop.pack(since: since, output: "first.bundle", environment: Self.epoch)
        let second = try shop.pack(since: since, output: "second.bundle", environment: Self.epoch)

        let bytes = try shop.folder.bytes("first.bundle")
        #expect(!bytes.isEmpty)
        #expect(bytes == (try shop.folder.bytes("second.bundle")), "\(first) and \(second) differ")
    }

    @Test func bundleRecordsSourceDateEpochAsItsCreatedTime() throws {
        let shop = try Workshop(.samples)
        let bundle = try shop.pack(since: 1, output: "delta.bundle", environment: Self.epoch)
        let inspect = try Outcome.json(try shop.ferry(["inspect", bundle, "--json"]))
        #expect(
            (inspect["bundle"] as? [String: Any])?["created"] as? String == "2023-11-14T22:13:20Z")
    }

    @Test func aSecondStoreOfTheSameReleasesPacksTheSameBundle() throws {
        let shop = try Workshop(.samples)
        for (index, release) in shop.data.releases.enumerated() {
            let result = try shop.ferry([
                "publish", "--store", "mirror", "--channel", shop.data.channel, "--label",
                shop.data.label(index + 1), release,
            ])
            try #require(result.status == 0, "\(result)")
        }
        _ = try shop.pack(since: 2, output: "a.bundle", environment: Self.epoch)
        _ = try shop.pack(since: 2, output: "b.bundle", store: "mirror", environment: Self.epoch)
        #expect(try shop.folder.bytes("a.bundle") == shop.folder.bytes("b.bundle"))
    }
}
