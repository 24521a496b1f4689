/// Carries out a journal: backs up what it replaces or deletes, moves the staged files
/// into place, records the new state and removes the journal. Every step checks what is
/// already done, so running it again after a crash at any instant finishes the job.
struct Transaction {
    let target: Target
    let journal: Journal
    /// How many backups to keep afterwards.
    let keepBackups: Int

    /// Writes the journal (fsynced) and carries it out.
    func run() throws {
        CrashPoint.staged.reach()
        try target.writeJournal(journal)
        CrashPoint.journal.reach()
        try commit()
    }

    /// Carries out the journal, skipping what an interrupted run already did.
    func commit() throws {
        let staging = try target.stagingArea.subdirectory(journal.staging, create: true)
        let backup = try journal.previous.map { try Backups(target: target).open($0) }
        var touched = Set<String>()

        for step in journal.steps {
            try backUp(step, into: backup, staging: staging)
            try place(step, staging: staging)
            touched.formUnion(ancestors(of: step.path))
        }
        try syncFolders(touched)
        try backup?.sync()
        CrashPoint.beforeState.reach()

        // The state is written only after every file is durable, so a power cut cannot
        // leave a state that claims files the disk does not have.
        try target.writeState(journal.next)
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
        CrashPoint.backup.reach()
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
