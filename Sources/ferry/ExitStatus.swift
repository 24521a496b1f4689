import FerryCore

/// The exit statuses ferry documents, the same for every command.
enum ExitStatus: Int32 {
    case success = 0
    case failure = 1
    case usage = 2
    case verification = 3
    case targetState = 4
    case io = 5

    /// The one place where a failure kind becomes an exit status.
    init(_ kind: FailureKind) {
        switch kind {
        case .usage: self = .usage
        case .verification: self = .verification
        case .targetState: self = .targetState
        case .io: self = .io
        case .other: self = .failure
        }
    }
}

/// Errors the executable itself raises are usage errors.
protocol FerryErrorBridge: FerryError {}

extension FerryErrorBridge {
    var kind: FailureKind { .usage }
}
