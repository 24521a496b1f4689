import Foundation
import Glibc
import Testing

/// Two ferry processes on one target: the second waits for the first and says so, or with
/// --no-wait fails at once; a lock file that a killed apply left behind blocks nothing.
/// The lock is held from outside ferry (by this test, or by flock(1)), not by a crash point.
@Suite struct LockWaitTests {
    /// An exclusive flock on `path`, held until `release`.
    final class HeldLock {
        private var descriptor: Int32

        init(_ path: String) throws {
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        }

        func release() {
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }

        deinit { release() }
    }

    /// ferry running in the background, its output going to files in the folder.
    final class BackgroundRun {
        let process = Process()
        let folder: TempFolder

        init(_ arguments: [String], in folder: TempFolder) throws {
            self.folder = folder
            try Data().write(to: URL(fileURLWithPath: folder.path("bg.out")))
            try Data().write(to: URL(fileURLWithPath: folder.path("bg.err")))
            process.executableURL = URL(fileURLWithPath: try #require(FerryBinary.path))
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder.root)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(
                forWritingTo: URL(fileURLWithPath: folder.path("bg.out")))
            process.standardError = try FileHandle(
                forWritingTo: URL(fileURLWithPath: folder.path("bg.err")))
            try process.run()
        }

        var stderr: String {
            (try? String(contentsOfFile: folder.path("bg.err"), encoding: .utf8)) ?? ""
        }

        /// Waits until ferry has written `text` to stderr, or has ended; the limit of
        /// Watchdog.seconds is a safety net, not part of the verdict.
        func waitForStderr(containing text: String) -> Bool {
            let limit = Date().addingTimeInterval(TimeInterval(Watchdog.seconds))
            while Date() < limit {
                if stderr.contains(text) { return true }
                if !process.isRunning { return stderr.contains(text) }
                usleep(10_000)
            }
            return false
        }

        /// Waits for ferry to end (killing it after Watchdog.seconds) and returns its result.
        func finish() throws -> RunResult {
            let limit = Date().addingTimeInterval(TimeInterval(Watchdog.seconds))
            while process.isRunning && Date() < limit { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return RunResult(
                status: process.terminationStatus,
                signalled: process.terminationReason == .uncaughtSignal,
                stdout: try String(contentsOfFile: folder.path("bg.out"), encoding: .utf8),
                stderr: stderr)
        }
    }

    static func bench() throws -> (Workshop, String) {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        return (shop, try shop.pack(since: 1, output: "delta.bundle"))
    }

    @Test func secondApplyWaitsForTheFirstAndSaysSo() throws {
        let (shop, bundle) = try Self.bench()
        let lock = try HeldLock(shop.folder.path("target/.ferry/lock"))
        let before = try shop.snapshot()
        let second = try BackgroundRun(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"], in: shop.folder)

        #expect(second.waitForStderr(containing: "waiting"), "no waiting message: \(second.stderr)")
        let whileWaiting = try shop.snapshot()
        #expect(
            whileWaiting == before,
            "changed while waiting:\n\(whileWaiting.differences(from: before))")
        lock.release()
        let result = try second.finish()
        #expect(!result.killedByWatchdog, "the waiting apply did not finish")
        #expect(result.status == 0, "\(result)")
        #expect(try shop.differences(release: 5) == nil)
    }

    @Test func secondApplyWithNoWaitFailsWhileFlockHoldsTheLock() throws {
        let (shop, bundle) = try Self.bench()
        let before = try shop.snapshot()
        let binary = try #require(FerryBinary.path)
        let apply = [
            binary, "apply", bundle, "--target", "target", "--trust", "k.pub", "--no-wait",
        ]

        let result = try Runner.run(
            "/usr/bin/flock", ["target/.ferry/lock"] + apply, in: shop.folder)
        Outcome.expectError(result, status: 4)
        #expect(try shop.snapshot() == before)
    }

    @Test func staleLockFileOfAKilledApplyDoesNotBlock() throws {
        let (shop, bundle) = try Self.bench()
        let killed = try shop.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"],
            environment: ["FERRY_CRASH_AT": "staged"])
        #expect(killed.signalled && killed.status == SIGKILL, "\(killed)")
        #expect(FileManager.default.fileExists(atPath: shop.folder.path("target/.ferry/lock")))

        Outcome.expectSuccess(try shop.apply(bundle, extra: ["--no-wait"]))
        #expect(try shop.differences(release: 5) == nil)
    }
}
