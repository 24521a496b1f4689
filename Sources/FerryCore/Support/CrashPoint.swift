import Glibc

/// Named points in apply and rollback where a test can make ferry kill itself with SIGKILL,
/// to prove that recovery finishes the transaction from any of them. `FERRY_CRASH_AT=NAME`
/// kills at the first time NAME is reached, `NAME:N` at the Nth; unset, nothing happens.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// Every new file is staged, before the journal exists.
    case staged
    /// The journal is written.
    case journal
    /// One file was backed up.
    case backup
    /// One file was renamed into place or deleted.
    case place
    /// Every file is in place and fsynced, before the state record.
    case beforeState = "before-state"
    /// The state record is written, before the journal is removed.
    case afterState = "after-state"
    /// The journal is removed, before staging is cleared and old backups pruned.
    case cleanup

    private static let armed: (name: String, count: Int)? = {
        guard let value = getenv("FERRY_CRASH_AT").map({ String(cString: $0) }) else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        let count = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (String(parts.first ?? ""), count)
    }()

    nonisolated(unsafe) private static var reached = [String: Int]()

    /// Kills the process here if a test asked for it.
    func reach() {
        guard let armed = CrashPoint.armed, armed.name == rawValue else { return }
        CrashPoint.reached[rawValue, default: 0] += 1
        if CrashPoint.reached[rawValue] == armed.count {
            kill(getpid(), SIGKILL)
        }
    }
}
