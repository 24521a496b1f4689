import Foundation
import Testing

/// apply keeps the last few versions' backups, and rollback can return to any of them.
@Suite struct BackupTests {
    /// The versions `ferry status --json` lists as backed up.
    static func backups(_ shop: Workshop) throws -> [Int] {
        let status = try Outcome.json(try shop.ferry(["status", "--target", "target", "--json"]))
        return status["backups"] as? [Int] ?? []
    }

    @Test func keepBackupsPrunesOlderVersions() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        for version in 2...5 {
            let bundle = try shop.pack(
                since: version - 1, to: version, output: "d\(version).bundle")
            Outcome.expectSuccess(try shop.apply(bundle, extra: ["--keep-backups", "2"]))
        }
        #expect(try Self.backups(shop) == [3, 4])
    }

    @Test func rollbackToANamedVersionRestoresIt() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget(version: 1, upTo: 4)
        #expect(try Self.backups(shop) == [1, 2, 3])

        Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target", "--to", "2"]))
        #expect(try shop.differences(release: 2) == nil)
        Outcome.expectSuccess(try shop.ferry(["status", "--target", "target", "--check"]))
    }

    @Test func rollbackToAVersionWithoutBackupIsRefused() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget(version: 1, upTo: 2)
        let before = try shop.snapshot()

        Outcome.expectError(
            try shop.ferry(["rollback", "--target", "target", "--to", "4"]), status: 4)
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }

    @Test func rollbackWithNothingInstalledIsRefused() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        Outcome.expectError(try shop.ferry(["rollback", "--target", "target"]), status: 4)
    }

    @Test func stateDirectoryCanLiveOutsideTheTarget() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        let full = try shop.pack(since: nil, to: 1, output: "full.bundle")
        let state = ["--state-dir", shop.folder.path("state")]

        Outcome.expectSuccess(try shop.apply(full, extra: state))
        let status = try shop.ferry(["status", "--target", "target", "--check", "--json"] + state)
        #expect(try Outcome.json(status)["version"] as? Int == 1)
        #expect(FileManager.default.fileExists(atPath: shop.folder.path("state/state.json")))
        #expect(try shop.differences(release: 1) == nil)
    }
}
