import Glibc

/// An open folder; every file below it is reached relative to this handle, one path
/// component at a time and without following symbolic links, so a link planted inside a
/// target cannot redirect a write elsewhere.
public final class Directory {
    let descriptor: Int32
    /// The path used in messages.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// Opens a folder the user named (links in the user's own path are followed).
    public static func open(_ path: String) throws -> Directory {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError("open folder", path) }
        return Directory(descriptor: descriptor, path: path)
    }

    /// Creates the folder the user named, with its parents, then opens it.
    public static func create(_ path: String) throws -> Directory {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FileSystemError("create folder", prefix)
            }
            prefix += "/"
        }
        return try open(path)
    }

    /// The path of `name` below this folder, for messages.
    public func describe(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    // MARK: - Folders

    /// Opens the sub-folder at the relative path `relative`, creating missing ones when asked.
    public func subdirectory(_ relative: String, create: Bool = false) throws -> Directory {
        var current = self
        for component in relative.split(separator: "/").map(String.init) {
            current = try current.child(component, create: create)
        }
        return current
    }

    private func child(_ name: String, create: Bool) throws -> Directory {
        if create, mkdirat(descriptor, name, 0o755) != 0, errno != EEXIST {
            throw FileSystemError("create folder", describe(name))
        }
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        let child = openat(descriptor, name, flags)
        guard child >= 0 else { throw FileSystemError("open folder", describe(name)) }
        return Directory(descriptor: child, path: describe(name))
    }

    /// The folder holding the relative path `relative` and the last component's name.
    public func parent(of relative: String, create: Bool = false) throws -> (Directory, String) {
        let components = relative.split(separator: "/").map(String.init)
        let folder = components.dropLast().joined(separator: "/")
        let directory = folder.isEmpty ? self : try subdirectory(folder, create: create)
        return (directory, components.last ?? relative)
    }

    /// Forces the folder's entries (names added, removed or renamed) to stable storage.
    public func sync() throws {
        guard fsync(descriptor) == 0 else { throw FileSystemError("sync folder", path) }
    }

    /// Forces every file directly in this folder, and the folder's own entries, to stable
    /// storage. An fsync per file costs a flush of the device's cache each, milliseconds on a
    /// busy or spinning disk; one syncfs of the file system costs one flush for all of them.
    /// syncfs reports a failed write only from Linux 5.8 on (errors since this folder was
    /// opened, so it must be opened before the files are written); older kernels get an
    /// fsync per file.
    public func syncContents() throws {
        guard Directory.syncfsReportsErrors else { return try syncEachFile() }
        guard LinuxCalls.syncFileSystem(descriptor) else {
            throw FileSystemError("sync the file system of", path)
        }
    }

    /// `syncContents` one file at a time.
    func syncEachFile() throws {
        for name in try entries() {
            try openFile(name).sync()
        }
        try sync()
    }

    private static let syncfsReportsErrors: Bool = {
        var names = utsname()
        guard uname(&names) == 0 else { return false }
        let release = withUnsafeBytes(of: names.release) { String(decoding: $0, as: UTF8.self) }
        return kernel(release, isAtLeast: (5, 8))
    }()

    /// Whether a kernel release such as "6.1.0-18-amd64" is `minimum` or later.
    static func kernel(_ release: String, isAtLeast minimum: (Int, Int)) -> Bool {
        let numbers = release.split { !$0.isNumber }.prefix(2).compactMap { Int($0) }
        guard numbers.count == 2 else { return false }
        return (numbers[0], numbers[1]) >= minimum
    }

    /// The names in this folder, without "." and "..", sorted.
    public func entries() throws -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            throw FileSystemError("list folder", path)
        }
        defer { closedir(stream) }
        // The copy shares its read position with this handle, which an earlier listing
        // left at the end.
        rewinddir(stream)
        var names = [String]()
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    // MARK: - Files

    /// Opens an existing regular file below this folder for reading, refusing links.
    public func openFile(_ relative: String) throws -> File {
        let (folder, name) = try parent(of: relative)
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError("open", describe(relative)) }
        return File(descriptor: descriptor, path: describe(relative))
    }

    /// Creates a new file that must not exist yet, with `mode`, below this folder.
    public func createFile(_ relative: String, mode: UInt32 = 0o644) throws -> File {
        let (folder, name) = try parent(of: relative, create: true)
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        let descriptor = openat(folder.descriptor, name, flags, mode_t(mode))
        guard descriptor >= 0 else { throw FileSystemError("create", describe(relative)) }
        return File(descriptor: descriptor, path: describe(relative))
    }

    /// Opens a file for locking, creating it if needed.
    public func openLockFile(_ name: String) throws -> File {
        let flags = O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC
        let descriptor = openat(self.descriptor, name, flags, mode_t(0o644))
        guard descriptor >= 0 else { throw FileSystemError("open", describe(name)) }
        return File(descriptor: descriptor, path: describe(name))
    }

    /// Facts about one entry, without following a link; nil when it does not exist.
    public func status(_ relative: String) throws -> EntryStatus? {
        let (folder, name): (Directory, String)
        do {
            (folder, name) = try parent(of: relative)
        } catch let error as FileSystemError where error.code == ENOENT || error.code == ENOTDIR {
            return nil
        }
        var info = stat()
        guard fstatat(folder.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileSystemError("stat", describe(relative))
        }
        return EntryStatus(info)
    }

    /// Whether an entry exists at `relative`.
    public func exists(_ relative: String) throws -> Bool {
        try status(relative) != nil
    }

    /// Renames `from` below this folder to `to` below `destination`, replacing what is there.
    public func rename(_ from: String, to: String, in destination: Directory? = nil) throws {
        let (sourceFolder, sourceName) = try parent(of: from)
        let (targetFolder, targetName) = try (destination ?? self).parent(of: to, create: true)
        guard
            renameat(sourceFolder.descriptor, sourceName, targetFolder.descriptor, targetName) == 0
        else {
            throw FileSystemError("rename \(describe(from)) to", (destination ?? self).describe(to))
        }
    }

    /// Makes `to` below `destination` a second name of `from`; false when the two are on
    /// different file systems (or links are not possible there), so the caller can copy.
    public func link(_ from: String, to: String, in destination: Directory) throws -> Bool {
        let (sourceFolder, sourceName) = try parent(of: from)
        let (targetFolder, targetName) = try destination.parent(of: to, create: true)
        if linkat(sourceFolder.descriptor, sourceName, targetFolder.descriptor, targetName, 0) == 0
        {
            return true
        }
        if errno == EXDEV || errno == EPERM || errno == EMLINK { return false }
        throw FileSystemError("link \(describe(from)) to", destination.describe(to))
    }

    /// Removes a file; a missing file is not an error.
    public func removeFile(_ relative: String) throws {
        guard let (folder, name) = try? parent(of: relative) else { return }
        if unlinkat(folder.descriptor, name, 0) != 0 && errno != ENOENT {
            throw FileSystemError("remove", describe(relative))
        }
    }

    /// Removes an empty folder; a missing or non-empty folder is left alone.
    public func removeEmptyFolder(_ relative: String) {
        guard let (folder, name) = try? parent(of: relative) else { return }
        _ = unlinkat(folder.descriptor, name, AT_REMOVEDIR)
    }

    /// Removes a folder and everything below it, without following links.
    public func removeTree(_ relative: String) throws {
        guard let status = try status(relative) else { return }
        guard status.isDirectory else { return try removeFile(relative) }
        let folder = try subdirectory(relative)
        for name in try folder.entries() {
            try folder.removeTree(name)
        }
        let (parentFolder, name) = try parent(of: relative)
        if unlinkat(parentFolder.descriptor, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw FileSystemError("remove folder", describe(relative))
        }
    }
}

/// What `fstatat` says about one entry.
public struct EntryStatus: Sendable {
    /// Size in bytes.
    public let size: Int
    /// Permission bits.
    public let mode: UInt32
    /// Whether it is a regular file.
    public let isRegularFile: Bool
    /// Whether it is a folder.
    public let isDirectory: Bool
    /// Whether it is a symbolic link.
    public let isSymbolicLink: Bool
    /// Modification time, seconds since 1970.
    public let modified: Int

    init(_ info: stat) {
        size = Int(info.st_size)
        mode = UInt32(info.st_mode) & 0o7777
        let type = UInt32(info.st_mode) & UInt32(S_IFMT)
        isRegularFile = type == UInt32(S_IFREG)
        isDirectory = type == UInt32(S_IFDIR)
        isSymbolicLink = type == UInt32(S_IFLNK)
        modified = Int(info.st_mtim.tv_sec)
    }
}
