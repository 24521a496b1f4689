/// A bundle is not what it claims to be, or not one this target may take.
public enum BundleError: FerryError {
    /// A member the format requires is absent.
    case missingMember(String)
    /// A member appears where another was expected (extra, repeated, reordered).
    case unexpectedMember(found: String, expected: String)
    /// Bytes follow the tar end marker (or the marker is cut short).
    case trailingBytes(Int)
    /// A member is a link, folder or device rather than a regular file.
    case notRegularFile(String)
    /// A member's size is not the one the manifest declares or allows.
    case wrongMemberSize(String, declared: Int, found: Int)
    /// A payload member's bytes do not hash to the manifest's value.
    case payloadHashMismatch(String)
    /// A file produced from the payloads does not hash to the manifest's value.
    case fileHashMismatch(String)
    /// The signed trusted comment does not describe this manifest.
    case commentMismatch(String)
    /// A change does not start from what the installed tree has at its path.
    case changeDoesNotFit(String)
    /// The changes applied to the installed tree do not give the signed tree.
    case treeMismatch(expected: Digest, produced: Digest)

    /// All of these mean the bytes cannot be trusted.
    public var kind: FailureKind { .verification }

    /// One sentence.
    public var description: String {
        switch self {
        case .missingMember(let name):
            return "the bundle has no \(name) member; it is incomplete or not a ferry bundle"
        case .unexpectedMember(let found, let expected):
            return "the bundle has member '\(found)' where \(expected) should be; it was altered"
        case .trailingBytes(let count):
            return count > 0
                ? "the bundle has \(count) bytes after its end; it was altered"
                : "the bundle's end marker is damaged or cut short; copy it again from the source"
        case .notRegularFile(let name):
            return "the bundle member \(name) is not a regular file; it was altered"
        case .wrongMemberSize(let name, let declared, let found):
            return
                "the bundle member \(name) has \(found) bytes, not \(declared); it was "
                + "altered or cut short"
        case .payloadHashMismatch(let name):
            return
                "the payload \(name) does not match its signed hash; the bundle is "
                + "corrupt or altered"
        case .fileHashMismatch(let path):
            return
                "the new content of \(path) does not match its signed hash; the bundle "
                + "is corrupt or altered"
        case .commentMismatch(let comment):
            return "the signature's trusted comment '\(comment)' does not describe this manifest"
        case .changeDoesNotFit(let path):
            return
                "the bundle's change to \(path) does not fit the installed files; the "
                + "manifest is inconsistent"
        case .treeMismatch(let expected, let produced):
            return
                "the changes would give tree \(produced.short), not the signed \(expected.short); "
                + "the bundle does not fit the installed files"
        }
    }
}
