import CArchive
import Glibc

/// The only file that calls libarchive: writing and reading the bundle's pax tar container.
enum ArchiveStatus {
    static func check(_ status: Int32, _ archive: OpaquePointer, _ path: String)
        throws(ArchiveError)
    {
        guard status < ARCHIVE_WARN else { return }
        throw ArchiveError.library(path, message(archive))
    }

    /// The same check for reading, where a failure means the bundle is not a valid tar.
    static func checkRead(_ status: Int32, _ archive: OpaquePointer, _ path: String)
        throws(ArchiveError)
    {
        guard status < ARCHIVE_WARN else { return }
        throw ArchiveError.malformed(path, message(archive))
    }

    static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}

/// Writes a POSIX pax tar member by member. Headers carry fixed owner, mode and time, so
/// the same members always give the same bytes.
final class ArchiveWriter {
    /// libarchive's AE_IFREG, a macro with a cast that Swift does not import.
    static let regularFileType: UInt32 = 0o100000

    private let archive: OpaquePointer
    private let path: String
    private var closed = false

    /// Starts an archive written to the open file `file`.
    init(file: File) throws(ArchiveError) {
        guard let archive = archive_write_new() else { throw ArchiveError.outOfMemory }
        self.archive = archive
        self.path = file.path
        try ArchiveStatus.check(archive_write_set_format_pax_restricted(archive), archive, path)
        // No padding of the last block to 10 KiB: the bundle ends after the tar end marker.
        try ArchiveStatus.check(archive_write_set_bytes_in_last_block(archive, 1), archive, path)
        try ArchiveStatus.check(archive_write_open_fd(archive, file.descriptor), archive, path)
    }

    deinit {
        if !closed { archive_write_fail(archive) }
        archive_write_free(archive)
    }

    /// Adds a regular file member `name` of `size` bytes; `body` writes exactly that many
    /// bytes through the function it is given.
    func addMember(
        _ name: String, size: Int, modified: Int,
        body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let entry = archive_entry_new()
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_filetype(entry, ArchiveWriter.regularFileType)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_mtime(entry, time_t(modified), 0)
        try ArchiveStatus.check(archive_write_header(archive, entry), archive, path)

        var written = 0
        try body { chunk in
            let count = archive_write_data(archive, chunk.baseAddress, chunk.count)
            guard count == chunk.count else {
                throw ArchiveError.library(path, ArchiveStatus.message(archive))
            }
            written += chunk.count
        }
        guard written == size else { throw ArchiveError.sizeMismatch(name, size, written) }
        try ArchiveStatus.check(archive_write_finish_entry(archive), archive, path)
    }

    /// Writes the end marker and flushes.
    func close() throws(ArchiveError) {
        closed = true
        try ArchiveStatus.check(archive_write_close(archive), archive, path)
    }
}

/// What a tar member header claims. None of it is trusted: the reader compares it with
/// the manifest and refuses anything else.
struct MemberHeader {
    /// The member's name.
    let name: String
    /// The size the header declares.
    let size: Int
    /// Whether the member is a plain regular file (not a link, folder or device).
    let isRegularFile: Bool
}

/// Reads a tar archive member by member, each byte once, from a file opened read-only.
final class ArchiveReader {
    private let archive: OpaquePointer
    private let path: String

    /// Starts reading the open file `file`; only the tar family of formats is accepted.
    init(file: File) throws(ArchiveError) {
        guard let archive = archive_read_new() else { throw ArchiveError.outOfMemory }
        self.archive = archive
        self.path = file.path
        try ArchiveStatus.checkRead(archive_read_support_format_tar(archive), archive, path)
        try ArchiveStatus.checkRead(
            archive_read_open_fd(archive, file.descriptor, 256 * 1024), archive, path)
    }

    deinit {
        archive_read_free(archive)
    }

    /// The next member's header, or nil at the end of the archive.
    func next() throws(ArchiveError) -> MemberHeader? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        // ARCHIVE_RETRY means libarchive skipped a damaged header; for a bundle that is
        // damage, not a member.
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw readFailure()
        }
        let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let isRegular =
            archive_entry_filetype(entry) == ArchiveWriter.regularFileType
            && archive_entry_hardlink(entry) == nil && archive_entry_symlink(entry) == nil
        let size = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : -1
        return MemberHeader(name: name, size: size, isRegularFile: isRegular)
    }

    /// Where the end-of-archive marker starts, once `next()` has returned nil.
    var endMarkerOffset: Int {
        Int(archive_read_header_position(archive))
    }

    /// Reads the current member's data into `buffer`; returns 0 at the member's end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw readFailure() }
        return count
    }

    /// A failing medium (a pulled or dying stick) is an I/O failure; anything else means
    /// the bytes are not a valid tar archive.
    private func readFailure() -> ArchiveError {
        let code = archive_errno(archive)
        if [EIO, ENXIO, ENODEV, ESTALE, ETIMEDOUT].contains(code) {
            return ArchiveError.unreadable(path, ArchiveStatus.message(archive))
        }
        return ArchiveError.malformed(path, ArchiveStatus.message(archive))
    }
}

/// The bundle's tar container could not be written or read.
public enum ArchiveError: FerryError {
    /// libarchive reported an error while writing.
    case library(String, String)
    /// The container is not a valid tar archive (truncated, corrupt).
    case malformed(String, String)
    /// The medium failed while the bundle was read.
    case unreadable(String, String)
    /// A member's body did not have the size its header declared.
    case sizeMismatch(String, Int, Int)
    /// Memory for libarchive could not be had.
    case outOfMemory

    /// A damaged container is a verification failure; a failed write is an I/O failure.
    public var kind: FailureKind {
        switch self {
        case .malformed: return .verification
        default: return .io
        }
    }

    /// One sentence.
    public var description: String {
        switch self {
        case .library(let path, let message): return "cannot write \(path): \(message)"
        case .unreadable(let path, let message):
            return "cannot read \(path): \(message); check the medium and copy the bundle again"
        case .malformed(let path, let message):
            return "\(path) is not a complete bundle (\(message)); copy it again from the source"
        case .sizeMismatch(let name, let expected, let written):
            return "member \(name) should have \(expected) bytes but \(written) were written"
        case .outOfMemory: return "not enough memory to open the bundle"
        }
    }
}
