import Glibc

/// A system call on a file or folder failed; it keeps the errno so the message can name it.
public struct FileSystemError: FerryError {
    /// What ferry was doing, as a verb phrase: "open", "rename", "write".
    public let operation: String
    /// The file or folder it was doing it to, as the user would recognise it.
    public let path: String
    /// The errno the system returned.
    public let code: Int32

    /// Records a failed operation on `path` with the current errno, or `code` when given.
    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// Whether the failure was a full disk or an exhausted quota.
    public var isOutOfSpace: Bool { code == ENOSPC || code == EDQUOT || code == EFBIG }

    /// Reading and writing failures are I/O failures.
    public var kind: FailureKind { .io }

    /// One sentence with the operation, the path, the system's reason and, where one is
    /// obvious, the next step.
    public var description: String {
        let reason = String(cString: strerror(code))
        let advice: String
        switch code {
        case ENOSPC, EDQUOT: advice = "; free some space and run the command again"
        case EACCES, EPERM, EROFS: advice = "; check the permissions, or run as a user who may"
        case ELOOP: advice = "; ferry does not follow symbolic links there"
        default: advice = ""
        }
        return "cannot \(operation) \(path): \(reason)\(advice)"
    }
}
