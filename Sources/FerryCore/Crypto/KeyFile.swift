#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the small text files that hold keys, and writes them so that a key file is either
/// whole or absent, and an existing one is replaced only when asked.
enum KeyFile {
    /// Key and signature files are a few hundred bytes; refusing anything far larger keeps a
    /// wrong path (a disk image, a device) from being read into memory.
    static let sizeLimit = 64 * 1024

    /// The longest untrusted comment written, in UTF-8 bytes: minisign reads the comment line
    /// into a 1024-byte buffer, and a longer line would spill into the next.
    static let commentLimit = 1000

    /// `text` made fit for an untrusted comment line: control characters, which could break
    /// the line, become spaces, and the text is cut to `commentLimit` bytes.
    static func commentLine(_ text: String) -> String {
        let space: Unicode.Scalar = " "
        var line = String.UnicodeScalarView()
        var length = 0
        for scalar in text.unicodeScalars {
            let safe = scalar.properties.generalCategory == .control ? space : scalar
            length += UTF8.width(safe)
            guard length <= commentLimit else { break }
            line.append(safe)
        }
        return String(line)
    }

    /// A file written under a temporary name beside its final path, not yet in place.
    struct Staged {
        /// The temporary name, in the final path's folder so that rename and link stay on
        /// one file system.
        let temporaryPath: String
        /// Where `commit` puts it.
        let path: String
    }

    /// The whole file; the caller wipes the bytes when they hold a secret.
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KeyError.unreadable(path: path, reason: lastError()) }
        defer { close(fd) }

        let size = try regularFileSize(fd, path: path)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let count = bytes.withUnsafeMutableBytes {
                read(fd, $0.baseAddress! + done, size - done)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let reason = count < 0 ? lastError() : "it shrank while being read"
                Sodium.wipe(&bytes)
                throw KeyError.unreadable(path: path, reason: reason)
            }
            done += count
        }
        return bytes
    }

    /// Whether anything, even a dangling link, exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a folder (following links); an error when nothing is there.
    static func isFolder(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KeyError.unreadable(path: path, reason: lastError())
        }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// The regular files (following links) in `folder` whose names end with `suffix`, sorted so
    /// that every run sees them in the same order.
    static func regularFiles(in folder: String, suffix: String) throws -> [String] {
        guard let directory = opendir(folder) else {
            throw KeyError.unreadable(path: folder, reason: lastError())
        }
        defer { closedir(directory) }

        var paths: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if name.hasSuffix(suffix), !name.hasPrefix("."), isRegularFile(path) {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    /// Writes `contents` under a new temporary name beside `path`, fsynced, with `mode`.
    static func stage(_ contents: [UInt8], at path: String, mode: mode_t) throws -> Staged {
        let staged = Staged(temporaryPath: temporaryPath(beside: path), path: path)
        // O_EXCL: the temporary name is fresh, so nothing that exists is ever written through.
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        let fd = open(staged.temporaryPath, flags, mode)
        guard fd >= 0 else { throw KeyError.cannotWrite(path: path, reason: lastError()) }

        do {
            try writeAll(contents, to: fd, path: path)
            // fsync before the file gets its real name: after a power cut the name must not
            // point at an empty or partial key.
            guard fsync(fd) == 0 else {
                throw KeyError.cannotWrite(path: path, reason: lastError())
            }
        } catch {
            close(fd)
            discard(staged)
            throw error
        }
        close(fd)
        return staged
    }

    /// Gives a staged file its real name. Without `replace` an existing file is never touched:
    /// a hard link fails when the name exists, which makes the check and the write one step.
    static func commit(_ staged: Staged, replace: Bool) throws {
        if replace {
            try moveIntoPlace(staged)
        } else if link(staged.temporaryPath, staged.path) == 0 {
            discard(staged)
        } else if errno == EEXIST {
            throw KeyError.fileExists(path: staged.path)
        } else if [EPERM, EOPNOTSUPP, EMLINK].contains(errno) {
            // FAT file systems (USB sticks) have no hard links. There the check and the rename
            // are two steps, which only matters if another program makes the file in between.
            guard !exists(staged.path) else { throw KeyError.fileExists(path: staged.path) }
            try moveIntoPlace(staged)
        } else {
            throw KeyError.cannotWrite(path: staged.path, reason: lastError())
        }
        syncFolder(of: staged.path)
    }

    /// Removes a staged file that will not be committed.
    static func discard(_ staged: Staged) {
        unlink(staged.temporaryPath)
    }

    /// Removes a file this run created, after a later step failed.
    static func remove(_ path: String) {
        unlink(path)
        syncFolder(of: path)
    }

    private static func moveIntoPlace(_ staged: Staged) throws {
        guard rename(staged.temporaryPath, staged.path) == 0 else {
            throw KeyError.cannotWrite(path: staged.path, reason: lastError())
        }
    }

    private static func writeAll(_ contents: [UInt8], to fd: Int32, path: String) throws {
        var done = 0
        while done < contents.count {
            let count = contents.withUnsafeBytes {
                write(fd, $0.baseAddress! + done, contents.count - done)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw KeyError.cannotWrite(path: path, reason: lastError()) }
            done += count
        }
    }

    private static func regularFileSize(_ fd: Int32, path: String) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw KeyError.unreadable(path: path, reason: lastError())
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw KeyError.unreadable(path: path, reason: "it is not a regular file")
        }
        guard info.st_size <= sizeLimit else {
            throw KeyError.unreadable(
                path: path, reason: "it is larger than any key or signature file")
        }
        return Int(info.st_size)
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private static func temporaryPath(beside path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "." + name + "." + Hex.encode(Sodium.randomBytes(6)) + ".tmp"
    }

    /// Makes a new name durable. Best effort: some file systems refuse fsync on a folder,
    /// and the file itself is already safely written by then.
    private static func syncFolder(of path: String) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
