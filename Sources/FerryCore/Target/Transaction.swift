/// Carries out a journal. Everything that needs disk space happens first, before the
/// journal exists, and is undone if it fails: the backups of what will be replaced or
/// deleted, and the new state record under a temporary name. After the journal only
/// renames, removals and fsyncs remain, so a full disk cannot stop a transaction half way.
/// Every step after the journal checks what is already done, so running it again after a
/// crash at any instant finishes the job.
struct Transaction {
    let target: Target
    let journal: Journal
    /// How many backups to keep afterwards.
    let keepBackups: Int

    /// Prepares, writes the journal (fsynced) and carries it out.
    func run() throws {
        CrashPoint.staged.reach()
        var undo = BackupUndo()
        do {
            try prepare(&undo)
            try target.writeJournal(journal)
        } catch {
            undo.revert()
            try? target.discardNextState()
            try? target.clearStaging()
            throw error
        }
        CrashPoint.journal.reach()
        try commit()
    }

    /// Backs up every file the steps replace or delete, and writes the next state aside.
    private func prepare(_ undo: inout BackupUndo) throws {
        if let previous = journal.previous {
            let backup = try Backups(target: target).open(previous, undo: &undo)
            for step in journal.steps {
                guard let old = step.old, try !backup.has(old) else { continue }
                try backup.keep(step.path, of: target.root, as: old)
                undo.created.append((backup.folder, old.hex))
                CrashPoint.backup.reach()
            }
            try backup.sync()
        }
        try target.writeNextState(journal.next)
    }

    /// Carries out the journal, skipping what an interrupted run already did.
    func commit() throws {
        let staging = try target.stagingArea.subdirectory(journal.staging, create: true)
        // prepare (or the run this one finishes) made the backup folder before the journal
        // existed; after the journal nothing is undone, so what open notes is not used.
        var unused = BackupUndo()
        let backups = Backups(target: target)
        let backup = try journal.previous.map { try backups.open($0, undo: &unused) }
        var touched = Set<String>()

        for step in journal.steps {
            try backUp(step, into: backup, staging: staging)
            try place(step, staging: staging)
            touched.formUnion(ancestors(of: step.path))
        }
        try syncFolders(touched)
        try backup?.sync()
        CrashPoint.beforeState.reach()

        // The state is recorded only after every file is durable, so a power cut cannot
        // leave a state that claims files the disk does not have.
        try target.commitNextState(journal.next)
        CrashPoint.afterState.reach()
        try target.removeJournal()
        CrashPoint.cleanup.reach()
        try finish()
    }

    /// Every folder from the path's parent up to the target, since a folder created for a
    /// new file must itself be recorded in its parent.
    private func ancestors(of path: String) -> [String] {
        var folders = [String]()
        var folder = parentFolder(of: path)
        while !folder.isEmpty {
            folders.append(folder)
            folder = parentFolder(of: folder)
        }
        return folders + [""]
    }

    private func backUp(_ step: Journal.Step, into backup: BackupFolder?, staging: Directory) throws
    {
        guard let backup, let old = step.old, try !backup.has(old) else { return }
        // The old content is still in place while the step's staged file (or, for a
        // deletion, the path itself) is still there.
        let pending =
            try step.staged.map { try staging.exists($0) } ?? target.root.exists(step.path)
        guard pending else { return }
        try backup.keep(step.path, of: target.root, as: old)
    }

    private func place(_ step: Journal.Step, staging: Directory) throws {
        if let staged = step.staged {
            guard try staging.exists(staged) else { return }
            if let status = try target.root.status(step.path), status.isDirectory {
                throw TargetError.unmanagedFile(target.root.describe(step.path))
            }
            try staging.rename(staged, to: step.path, in: target.root)
        } else {
            try target.root.removeFile(step.path)
            removeEmptyParents(of: step.path)
        }
        CrashPoint.place.reach()
    }

    private func removeEmptyParents(of path: String) {
        var folder = parentFolder(of: path)
        while !folder.isEmpty {
            target.root.removeEmptyFolder(folder)
            folder = parentFolder(of: folder)
        }
    }

    private func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Makes the renames and removals durable before the state record names them.
    private func syncFolders(_ folders: Set<String>) throws {
        for folder in folders.sorted() {
            guard
                let directory = try?
                    (folder.isEmpty ? target.root : target.root.subdirectory(folder))
            else {
                continue
            }
            try directory.sync()
        }
    }

    private func finish() throws {
        try target.clearStaging()
        try Backups(target: target).prune(keeping: keepBackups, installed: journal.next.version)
    }
}
