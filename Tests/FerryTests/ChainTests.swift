import Foundation
import Testing

/// `ferry apply FOLDER` picks, from everything on a stick, the shortest chain of trusted,
/// unexpired bundles that leads to the newest version, and passes over the rest.
@Suite struct ChainTests {
    /// A workshop with a folder `stick` of bundles: the usable full-1, 1-2, 2-3, 1-3 and
    /// 3-5, plus a full 5 signed by an untrusted key, an expired 2-5 and a stray text file.
    static func stick() throws -> Workshop {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("stick")
        try shop.pack(since: nil, to: 1, output: "stick/full-1.bundle")
        for (since, to) in [(1, 2), (2, 3), (1, 3), (3, 5)] {
            try shop.pack(since: since, to: to, output: "stick/delta-\(since)-\(to).bundle")
        }
        try shop.makeKey("stranger")
        try shop.pack(since: nil, output: "stick/stranger-5.bundle", key: "stranger.key")
        try shop.pack(
            since: 2, output: "stick/expired-2-5.bundle", extra: ["--expires", "1h"],
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        try shop.folder.write("stick/notes.txt", "bring the stick back\n")
        return shop
    }

    @Test func folderOfBundlesBringsAnEmptyTargetToTheNewestRelease() throws {
        let shop = try Self.stick()
        try shop.folder.makeFolder("target")

        let result = try shop.apply("stick", extra: ["--json"])
        Outcome.expectSuccess(result)
        let chain = try Outcome.json(result)["chain"] as? [String] ?? []
        #expect(
            chain.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["full-1.bundle", "delta-1-3.bundle", "delta-3-5.bundle"])
        #expect(try shop.differences(release: 5) == nil)
    }

    @Test func folderOfBundlesContinuesFromTheInstalledVersion() throws {
        let shop = try Self.stick()
        try shop.installTarget(version: 1, upTo: 2)

        let result = try shop.apply("stick", extra: ["--json"])
        Outcome.expectSuccess(result)
        let chain = try Outcome.json(result)["chain"] as? [String] ?? []
        #expect(
            chain.map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["delta-2-3.bundle", "delta-3-5.bundle"])
        #expect(try shop.differences(release: 5) == nil)
    }

    @Test func folderWithNothingNewerChangesNothing() throws {
        let shop = try Self.stick()
        try shop.installTarget(version: 1, upTo: 5)
        let before = try shop.snapshot()

        let result = try shop.apply("stick")
        Outcome.expectSuccess(result)
        #expect(result.stdout.contains("no bundle"), "\(result)")
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }
}
