import Foundation
import Testing

/// A kill at any named point of apply or rollback leaves, once the next ferry command has
/// run, either the whole old version or the whole new one, and the target still updates.
/// `FERRY_CRASH_AT` makes ferry kill itself with SIGKILL at the point named.
@Suite struct RecoveryTests {
    static let points = [
        "staged", "journal", "backup", "backup:3", "place", "place:4", "before-state",
        "after-state", "cleanup",
    ]

    /// A workshop whose target holds release 1, with the delta bundle 1 to 5 packed.
    static func bench() throws -> (Workshop, String) {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        return (shop, try shop.pack(since: 1, output: "delta.bundle"))
    }

    /// Checks that the target is whole (status --check passes) and holds release 1 or 5.
    static func expectWholeVersion(_ shop: Workshop, after crash: String) throws {
        let status = try shop.ferry(["status", "--target", "target", "--check"])
        #expect(status.status == 0, "after a crash at \(crash): \(status)")
        let atFirst = try shop.differences(release: 1)
        let atLast = try shop.differences(release: 5)
        #expect(atFirst == nil || atLast == nil, "neither release: \(atLast ?? "")")
    }

    @Test(arguments: points) func applyKilledAtAnyPointRecovers(_ point: String) throws {
        let (shop, bundle) = try Self.bench()
        let crashed = try shop.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"],
            environment: ["FERRY_CRASH_AT": point])
        #expect(crashed.signalled && crashed.status == SIGKILL, "\(crashed)")

        try Self.expectWholeVersion(shop, after: point)
        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(try shop.differences(release: 5) == nil)
    }

    @Test(arguments: points) func rollbackKilledAtAnyPointRecovers(_ point: String) throws {
        let (shop, bundle) = try Self.bench()
        Outcome.expectSuccess(try shop.apply(bundle))
        let crashed = try shop.ferry(
            ["rollback", "--target", "target"], environment: ["FERRY_CRASH_AT": point])
        #expect(crashed.signalled && crashed.status == SIGKILL, "\(crashed)")

        try Self.expectWholeVersion(shop, after: point)
        if try shop.differences(release: 5) == nil {
            Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target"]))
        }
        #expect(try shop.differences(release: 1) == nil)
    }
}
