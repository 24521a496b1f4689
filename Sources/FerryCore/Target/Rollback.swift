/// What rollback did.
public struct RollbackReport: Sendable {
    /// The version installed before.
    public let from: TargetState
    /// The version restored.
    public let to: TargetState
    /// Paths written.
    public let written: [String]
    /// Paths deleted.
    public let deleted: [String]
}

/// Restores a backed-up version as a transaction of the same kind as apply: the current
/// files are backed up in turn, so the bundle that was undone can be applied again.
public struct Rollback {
    /// The target.
    public let target: Target
    /// Wait for another ferry process instead of failing at once.
    public var wait = true
    /// How many older backups to keep.
    public var keepBackups = 3
    /// Now, UTC seconds since 1970.
    public let now: Int
    /// Told when another ferry process holds the lock and this one waits.
    public var waiting: () -> Void = {}

    /// Makes a rollback.
    public init(target: Target, now: Int) {
        self.target = target
        self.now = now
    }

    /// Restores version `version`, or the newest backup older than the installed one.
    public func rollback(to version: Int?) throws -> RollbackReport {
        let lock = try target.lock(wait: wait, waiting: waiting)
        defer { _ = lock }
        try Recovery(target: target, keepBackups: keepBackups).finishInterrupted()
        guard let current = try target.state() else {
            throw TargetError.nothingInstalled(target.root.path)
        }

        let backups = Backups(target: target)
        let chosen = try version ?? backups.versions().last { $0 < current.version }
        guard let chosen, chosen != current.version, let saved = try backups.state(chosen) else {
            throw TargetError.noBackup(version)
        }
        let plan = try ApplyPlan(from: current.tree, to: saved.tree) { entry in
            try source(of: entry, current: current.tree, backups: backups, version: chosen)
        }
        try checkUnchanged(plan)

        let (stagingName, staging) = try target.newStagingFolder()
        try target.discardingStagingOnFailure { try stage(plan, into: staging, backups: backups) }
        let next = TargetState(
            channel: saved.channel, version: saved.version, label: saved.label, installed: now,
            signer: saved.signer, tree: saved.tree)
        let journal = Journal(
            operation: "rollback", previous: current, next: next, staging: stagingName,
            steps: plan.steps)
        try Transaction(target: target, journal: journal, keepBackups: keepBackups).run()
        return RollbackReport(
            from: current, to: next, written: plan.steps.filter { $0.new != nil }.map(\.path),
            deleted: plan.steps.filter { $0.new == nil }.map(\.path))
    }

    private func source(
        of entry: TreeEntry, current: Tree, backups: Backups, version: Int
    ) throws -> ApplyPlan.ContentSource {
        if try backups.folder(holding: entry.hash) != nil { return .backup(entry.hash) }
        if let same = current.entries.first(where: { $0.hash == entry.hash }) {
            return .installed(path: same.path)
        }
        throw TargetError.backupIncomplete(version, entry.path)
    }

    private func checkUnchanged(_ plan: ApplyPlan) throws {
        var hashes = [String: Digest?]()
        let changed = try InstalledFiles(target: target).changedOriginals(
            plan.steps, hashes: &hashes)
        guard changed.isEmpty else { throw TargetError.changedFiles(changed) }
    }

    private func stage(_ plan: ApplyPlan, into staging: Directory, backups: Backups) throws {
        let files = InstalledFiles(target: target)
        for step in plan.steps {
            guard let staged = step.staged, let new = step.new,
                let mode = plan.result[step.path]?.mode
            else { continue }
            switch plan.sources[staged] {
            case .installed(let path):
                try files.copy(path, to: staged, in: staging, mode: mode, hash: new)
            case .backup(let hash):
                guard let folder = try backups.folder(holding: hash) else { continue }
                try files.copy(
                    hash.hex, from: folder, to: staged, in: staging, mode: mode, hash: new)
            case .payload, nil: continue
            }
        }
        try staging.syncContents()
    }
}
