import FerryCore
import Foundation
import Testing

/// What RecoveryTests does not check after a kill at a crash point: that the backups are
/// whole (a rollback after recovery restores the old release byte for byte) and that no
/// staging folder, temporary or prepared record, or half-pruned backup survives the next
/// successful run.
@Suite struct CrashBackupTests {
    /// Every crash point, and some points further into the loops over files.
    static let points =
        CrashPoint.allCases.map(\.rawValue) + [
            "backup:2", "backup:9", "place:2", "place:7", "place:12",
        ]

    /// Nothing temporary is left in the target's state folder.
    static func expectNoLeftovers(_ shop: Workshop, after point: String) throws {
        let state = try TreeSnapshot(of: shop.folder.path("target/.ferry"))
        let leftovers = state.entries.keys.filter { path in
            path.hasPrefix("staging/") || path.hasSuffix(".tmp") || path.contains("/.pruned-")
                || path == "journal.json" || path == "state.next.json"
        }
        #expect(leftovers.isEmpty, "after a crash at \(point): \(leftovers.sorted())")
    }

    @Test(arguments: points) func applyKilledAtAnyPointKeepsBackupsWhole(_ point: String) throws {
        let (shop, bundle) = try RecoveryTests.bench()
        let crashed = try shop.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"],
            environment: ["FERRY_CRASH_AT": point])
        #expect(crashed.signalled && crashed.status == SIGKILL, "\(point) not reached: \(crashed)")
        try RecoveryTests.expectWholeVersion(shop, after: point)

        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(try shop.differences(release: 5) == nil)
        try Self.expectNoLeftovers(shop, after: point)
        Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target"]))
        #expect(try shop.differences(release: 1) == nil)
        Outcome.expectSuccess(try shop.ferry(["status", "--target", "target", "--check"]))
    }

    @Test(arguments: points) func rollbackKilledAtAnyPointKeepsBackupsWhole(_ point: String) throws
    {
        let (shop, bundle) = try RecoveryTests.bench()
        Outcome.expectSuccess(try shop.apply(bundle))
        let crashed = try shop.ferry(
            ["rollback", "--target", "target"], environment: ["FERRY_CRASH_AT": point])
        #expect(crashed.signalled && crashed.status == SIGKILL, "\(point) not reached: \(crashed)")
        try RecoveryTests.expectWholeVersion(shop, after: point)

        if try shop.differences(release: 5) == nil {
            Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target"]))
        }
        #expect(try shop.differences(release: 1) == nil)
        try Self.expectNoLeftovers(shop, after: point)
        // The backup the interrupted rollback made of version 5 brings it back exactly.
        Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target", "--to", "5"]))
        #expect(try shop.differences(release: 5) == nil)
        Outcome.expectSuccess(try shop.ferry(["status", "--target", "target", "--check"]))
    }
}
