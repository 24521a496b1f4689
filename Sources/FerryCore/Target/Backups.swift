import Foundation

/// The backups a target keeps: for each version that was replaced, its state and the
/// content of the files that were replaced or deleted, stored by hash in
/// `backups/N/objects/`. Files are hard links where the file system allows, copies
/// otherwise.
struct Backups {
    let target: Target

    /// The versions that have a backup, oldest first.
    func versions() throws -> [Int] {
        let folder = try target.backupsFolder()
        return try folder.entries().compactMap(Int.init).sorted()
    }

    /// The backup folder for `state`'s version, with its state recorded; a folder made
    /// here is noted in `undo`.
    func open(_ state: TargetState, undo: inout BackupUndo) throws -> BackupFolder {
        let backups = try target.backupsFolder()
        let name = "\(state.version)"
        if try !backups.exists(name) { undo.createdVersion = (backups, name) }
        let backup = BackupFolder(
            folder: try backups.subdirectory(name + "/objects", create: true),
            parent: try backups.subdirectory(name))
        if try !backup.parent.exists("state.json") {
            try JSONFile.write(state.json, to: "state.json", in: backup.parent)
        }
        return backup
    }

    /// The recorded state of the backup of `version`.
    func state(_ version: Int) throws -> TargetState? {
        guard try versions().contains(version) else { return nil }
        return try JSONFile.read(
            TargetState.self, from: "state.json",
            in: target.backupsFolder().subdirectory("\(version)"))
    }

    /// A backup folder holding content `hash`, if any does.
    func folder(holding hash: Digest) throws -> Directory? {
        let backups = try target.backupsFolder()
        for version in try versions().reversed() {
            let objects = try backups.subdirectory("\(version)/objects", create: true)
            if try objects.exists(hash.hex) { return objects }
        }
        return nil
    }

    /// Removes all but the newest `count` backups older than the installed version; newer
    /// ones (left by a rollback) are kept so the rollback can be undone.
    func prune(keeping count: Int, installed: Int) throws {
        let backups = try target.backupsFolder()
        let older = try versions().filter { $0 < installed }
        for version in older.dropLast(count) {
            // Renamed first, so an interruption never leaves a half-deleted backup that
            // still looks like a backup.
            try backups.rename("\(version)", to: ".pruned-\(version)")
        }
        for name in try backups.entries() where name.hasPrefix(".pruned-") {
            try backups.removeTree(name)
        }
    }
}

/// One version's backup folder.
struct BackupFolder {
    /// `backups/N/objects`.
    let folder: Directory
    /// `backups/N`.
    let parent: Directory

    func has(_ hash: Digest) throws -> Bool {
        try folder.exists(hash.hex)
    }

    /// Keeps the file at `path` in `root` as content `hash`: a hard link, or a copy when
    /// the backups are on another file system.
    func keep(_ path: String, of root: Directory, as hash: Digest) throws {
        if try root.link(path, to: hash.hex, in: folder) { return }
        let temporary = hash.hex + ".tmp"
        try folder.removeFile(temporary)
        let copy = try folder.createFile(temporary)
        try Streaming.forEachChunk(of: try root.openFile(path)) { try copy.write($0) }
        try copy.sync()
        try folder.rename(temporary, to: hash.hex)
    }

    func sync() throws {
        try folder.sync()
        try parent.sync()
    }
}

/// What preparing a transaction added to the backups, so a failure before the journal can
/// take it back and leave the state folder as it was.
struct BackupUndo {
    /// A backup folder that did not exist before.
    var createdVersion: (Directory, String)?
    /// Objects added to an existing backup folder.
    var created: [(Directory, String)] = []

    func revert() {
        if let (backups, name) = createdVersion {
            try? backups.removeTree(name)
            return
        }
        for (folder, name) in created {
            try? folder.removeFile(name)
        }
    }
}
