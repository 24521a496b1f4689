/// What kind of failure an error is; the executable turns each kind into one exit status.
public enum FailureKind: Sendable {
    /// The command line or its inputs are malformed.
    case usage
    /// A signature, hash, channel, version or expiry check failed.
    case verification
    /// The target is not in the state the bundle or command needs.
    case targetState
    /// Reading or writing failed, or space ran out.
    case io
    /// Anything else.
    case other
}

/// An error that ferry reports to its user as one sentence saying what failed and what to do.
public protocol FerryError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, which decides the exit status.
    var kind: FailureKind { get }
}
