import Foundation
import Testing

/// Runs ferry with its address space capped and a watchdog that kills it, so that a hostile
/// input that makes it allocate without bound fails instead of eating the machine, and one
/// that makes it loop fails the test instead of hanging the suite. The watchdog is a safety
/// net, far above any real run: no verdict depends on how long a run takes.
enum Watchdog {
    /// 4 GiB of address space.
    static let addressSpace = 4_294_967_296
    /// Seconds before the watchdog kills the run.
    static let seconds = 120

    /// Runs `ferry arguments` in `folder` under the cap and the watchdog; a run the watchdog
    /// had to kill fails the test with "did not finish".
    static func ferry(
        _ arguments: [String], in folder: TempFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        let binary = try #require(FerryBinary.path, sourceLocation: sourceLocation)
        let guarded = [
            "--signal=KILL", String(seconds), "/usr/bin/prlimit", "--as=\(addressSpace)", "--",
            binary,
        ]
        let result = try Runner.run("/usr/bin/timeout", guarded + arguments, in: folder)
        #expect(
            !result.killedByWatchdog,
            "ferry \(arguments.joined(separator: " ")) did not finish in \(seconds) s",
            sourceLocation: sourceLocation)
        return result
    }
}

extension RunResult {
    /// Whether `timeout --signal=KILL` ended the run: it then dies of SIGKILL itself, or
    /// exits 128 + 9.
    var killedByWatchdog: Bool {
        (signalled && status == SIGKILL) || (!signalled && status == 128 + SIGKILL)
    }
}
