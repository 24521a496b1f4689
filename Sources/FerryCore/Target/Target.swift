import Glibc

/// An offline machine's database folder and ferry's state beside it: `state.json`, the
/// lock, the journal and the backups (in `TARGET/.ferry/` unless moved), and the staging
/// area, which always lives in `TARGET/.ferry/staging` so that staged files are renamed
/// into place on the same file system.
public final class Target {
    /// The database folder.
    public let root: Directory
    /// The folder with state, lock, journal and backups.
    public let stateFolder: Directory
    /// The staging area on the target's file system.
    let stagingArea: Directory

    private init(root: Directory, stateFolder: Directory, stagingArea: Directory) {
        self.root = root
        self.stateFolder = stateFolder
        self.stagingArea = stagingArea
    }

    /// Opens the target at `path`; `create` makes the folder when it does not exist (for a
    /// first apply). `statePath` moves the state folder elsewhere.
    public static func open(_ path: String, statePath: String? = nil, create: Bool = false) throws
        -> Target
    {
        let root: Directory
        do {
            root = create ? try Directory.create(path) : try Directory.open(path)
        } catch let error as FileSystemError where error.code == ENOENT {
            throw TargetError.noTarget(path)
        }
        let state =
            try statePath.map(Directory.create)
            ?? root.subdirectory(TreePath.stateFolderName, create: true)
        let staging = try root.subdirectory(TreePath.stateFolderName + "/staging", create: true)
        return Target(root: root, stateFolder: state, stagingArea: staging)
    }

    /// Whether ferry has ever installed anything at `path`: its state folder exists. The
    /// commands that only look use this to leave a folder without ferry state untouched.
    public static func hasState(_ path: String, statePath: String? = nil) -> Bool {
        let folder = statePath ?? (path + "/" + TreePath.stateFolderName)
        var info = stat()
        return lstat(folder, &info) == 0
    }

    /// Removes the state folder a failed first apply made, but only while it holds nothing
    /// but an unheld lock and empty folders: anything recorded, or another ferry at work
    /// there, leaves it alone.
    public static func removeEmptyState(_ path: String, statePath: String? = nil) {
        let state = statePath ?? (path + "/" + TreePath.stateFolderName)
        _ = rmdir(path + "/" + TreePath.stateFolderName + "/staging")
        _ = rmdir(state + "/backups")
        let lock = Glibc.open(state + "/lock", O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        if lock >= 0 {
            // Unlinking a lock another process holds would let a third take it too.
            if flock(lock, LOCK_EX | LOCK_NB) == 0 { _ = unlink(state + "/lock") }
            close(lock)
        }
        _ = rmdir(state)
        if statePath != nil { _ = rmdir(path + "/" + TreePath.stateFolderName) }
    }

    /// Takes the target's lock so only one apply or rollback runs at a time. Without
    /// `wait`, fails at once when another holds it; otherwise says so and waits.
    public func lock(wait: Bool, waiting: () -> Void) throws -> File {
        let lock = try stateFolder.openLockFile("lock")
        if try lock.lock(wait: false) { return lock }
        guard wait else { throw TargetError.locked(stateFolder.describe("lock")) }
        waiting()
        _ = try lock.lock(wait: true)
        return lock
    }

    /// The installed state, or nil when nothing has been installed yet.
    public func state() throws -> TargetState? {
        try JSONFile.read(TargetState.self, from: "state.json", in: stateFolder)
    }

    /// Writes the state a transaction will record, under a temporary name, while there
    /// is still nothing to undo if the disk is full.
    func writeNextState(_ state: TargetState) throws {
        try JSONFile.write(state.json, to: "state.next.json", in: stateFolder)
    }

    /// Records `state` as installed: a rename of the prepared record, which needs no space;
    /// written anew only if an earlier, interrupted run already renamed it away.
    func commitNextState(_ state: TargetState) throws {
        if try stateFolder.exists("state.next.json") {
            try stateFolder.rename("state.next.json", to: "state.json")
            try stateFolder.sync()
            return
        }
        let recorded = try self.state()
        if recorded?.version != state.version || recorded?.tree != state.tree {
            try JSONFile.write(state.json, to: "state.json", in: stateFolder)
        }
    }

    /// Removes a prepared state record that no journal will use.
    func discardNextState() throws {
        try stateFolder.removeFile("state.next.json")
    }

    func journal() throws -> Journal? {
        try JSONFile.read(Journal.self, from: "journal.json", in: stateFolder)
    }

    func writeJournal(_ journal: Journal) throws {
        try JSONFile.write(journal.json, to: "journal.json", in: stateFolder)
    }

    func removeJournal() throws {
        try stateFolder.removeFile("journal.json")
        try stateFolder.sync()
    }

    /// A fresh, empty staging folder for one transaction.
    func newStagingFolder() throws -> (String, Directory) {
        let name = "tx-\(getpid())-\(Int(time(nil)))"
        try stagingArea.removeTree(name)
        return (name, try stagingArea.subdirectory(name, create: true))
    }

    /// Removes every staging folder; none survives a finished transaction.
    func clearStaging() throws {
        for name in try stagingArea.entries() {
            try stagingArea.removeTree(name)
        }
    }

    /// Runs `body`, which fills staging; if it fails, the half-built staging folder is
    /// removed at once, so a refused or failed bundle leaves nothing behind.
    func discardingStagingOnFailure(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            try? clearStaging()
            throw error
        }
    }

    /// Removes temporary files an interrupted write of ferry's own records left behind.
    func removeStaleRecords() throws {
        for name in [
            "state.json.tmp", "journal.json.tmp", "state.next.json", "state.next.json.tmp",
        ] {
            try stateFolder.removeFile(name)
        }
    }

    /// The backups folder.
    func backupsFolder() throws -> Directory {
        try stateFolder.subdirectory("backups", create: true)
    }

    /// The hash of the file at `path` in the target, or nil when it is missing or not a
    /// regular file.
    func hashOfFile(_ path: String) throws -> Digest? {
        guard let status = try root.status(path), status.isRegularFile else { return nil }
        return try ContentHash.of(try root.openFile(path)).0
    }
}
