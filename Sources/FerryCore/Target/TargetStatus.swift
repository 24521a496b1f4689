/// What `status` reports about a target.
public struct TargetStatus: Sendable {
    /// The installed state, or nil when nothing is installed.
    public let state: TargetState?
    /// The versions with a backup, oldest first.
    public let backups: [Int]
    /// With a check: installed files whose content or mode differs from the tree.
    public let changed: [String]
    /// With a check: files of the tree that are missing.
    public let missing: [String]
    /// Whether the files were checked.
    public let checked: Bool
    /// The operation an unfinished journal held, finished before the report.
    public let recovered: String?

    /// Reads the status of `target`, finishing an interrupted transaction first; with
    /// `check`, re-hashes every managed file.
    public static func read(
        _ target: Target, check: Bool, wait: Bool = true, waiting: () -> Void = {}
    ) throws -> TargetStatus {
        let lock = try target.lock(wait: wait, waiting: waiting)
        defer { _ = lock }
        let recovered = try Recovery(target: target, keepBackups: Int.max).finishInterrupted()
        let state = try target.state()
        var changed = [String]()
        var missing = [String]()
        if check, let state {
            for entry in state.tree.entries {
                guard let status = try target.root.status(entry.path), status.isRegularFile else {
                    missing.append(entry.path)
                    continue
                }
                let hash = try target.hashOfFile(entry.path)
                if status.mode != entry.mode || hash != entry.hash {
                    changed.append(entry.path)
                }
            }
        }
        return TargetStatus(
            state: state, backups: try Backups(target: target).versions(), changed: changed,
            missing: missing, checked: check, recovered: recovered)
    }

    /// Whether every managed file is as recorded.
    public var isIntact: Bool { changed.isEmpty && missing.isEmpty }
}
