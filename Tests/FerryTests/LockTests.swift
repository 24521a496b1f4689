import Foundation
import Glibc
import Testing

/// Only one ferry works on a target at a time; with --no-wait a second one fails at once.
@Suite struct LockTests {
    @Test func applyWithNoWaitFailsWhileTheTargetIsLocked() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")
        let before = try shop.snapshot()

        let descriptor = open(shop.folder.path("target/.ferry/lock"), O_RDWR | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)

        Outcome.expectError(try shop.apply(bundle, extra: ["--no-wait"]), status: 4)
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }

    @Test func statusWithNoWaitFailsWhileTheTargetIsLocked() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let descriptor = open(shop.folder.path("target/.ferry/lock"), O_RDWR | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)

        Outcome.expectError(
            try shop.ferry(["status", "--target", "target", "--no-wait"]), status: 4)
    }
}
