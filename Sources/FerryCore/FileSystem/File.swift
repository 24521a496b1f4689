import Glibc

/// An open file descriptor that closes itself, with the few operations ferry needs.
public final class File {
    /// The descriptor.
    let descriptor: Int32
    /// The path used in messages.
    public let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// Opens an existing file for reading, following links (used for inputs the user names).
    public static func openForReading(_ path: String) throws -> File {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError("open", path) }
        return File(descriptor: descriptor, path: path)
    }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw FileSystemError("read", path) }
        }
    }

    /// Reads the whole file, refusing one longer than `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else {
                throw FileSystemError("read", path, code: EFBIG)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads up to `count` bytes at `offset` without moving the read position.
    public func read(count: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset + filled))
            }
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw FileSystemError("read", path) }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes[0..<filled])
    }

    /// Writes all of `bytes`, retrying short writes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError("write", path)
            }
            offset += count
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Forces the file's data and size to stable storage, so a power cut cannot lose them
    /// after a later rename has made the file visible.
    public func sync() throws {
        guard fsync(descriptor) == 0 else { throw FileSystemError("sync", path) }
    }

    /// Starts writing the file's data to the device without waiting, so that the write-out
    /// overlaps with producing the next file; the folder's `syncContents` makes it durable.
    public func startWriteback() throws {
        guard LinuxCalls.startWriteback(descriptor) else { throw FileSystemError("write", path) }
    }

    /// The file's current size in bytes.
    public func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileSystemError("stat", path) }
        return Int(info.st_size)
    }

    /// Sets the permission bits.
    public func setMode(_ mode: UInt32) throws {
        guard fchmod(descriptor, mode_t(mode)) == 0 else { throw FileSystemError("chmod", path) }
    }

    /// Takes an exclusive advisory lock; with `wait` false, returns false if another process
    /// holds it.
    public func lock(wait: Bool) throws -> Bool {
        while true {
            if flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0 { return true }
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw FileSystemError("lock", path)
        }
    }
}
