/// A manifest breaks the format's rules.
public enum ManifestError: FerryError {
    /// The bytes are not the JSON shape of a manifest.
    case malformed(String)
    /// The manifest is larger than ferry accepts.
    case tooLarge(Int)
    /// A newer (or unknown) format.
    case unsupportedFormat(Int)
    /// A time field is not in the UTC form ferry writes.
    case badTime(String, String)
    /// A header field has a bad value.
    case badField(String, String)
    /// A path breaks the path rules.
    case badPath(String, String)
    /// A change's fields do not fit its operation.
    case badChange(String, String)
    /// A payload member entry is wrong.
    case badPayload(String, String)

    /// A manifest that breaks the rules cannot be trusted.
    public var kind: FailureKind { .verification }

    /// One sentence.
    public var description: String {
        switch self {
        case .malformed(let detail): return "the manifest is not valid: \(detail)"
        case .tooLarge(let size): return "the manifest is \(size) bytes, more than ferry accepts"
        case .unsupportedFormat(let format):
            return "the bundle has format \(format), but this ferry reads format 1; update ferry"
        case .badTime(let field, let text):
            return "the manifest's \(field) time '\(text)' is not valid"
        case .badField(let field, let problem): return "the manifest's \(field) \(problem)"
        case .badPath(let path, let problem): return "the manifest path '\(path)' \(problem)"
        case .badChange(let path, let problem):
            return "the manifest's change to '\(path)' \(problem)"
        case .badPayload(let name, let problem): return "the manifest's payload \(name) \(problem)"
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return "it is not JSON"
        }
    }
}
