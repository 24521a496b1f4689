/// A JSON value with object keys in a fixed order, written by ferry itself so that the
/// bytes of a signed manifest or state file never depend on the Foundation version.
public indirect enum JSONText {
    /// An object whose keys keep the order given.
    case object([(String, JSONText?)])
    /// An array.
    case array([JSONText])
    /// A string.
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A boolean.
    case boolean(Bool)

    /// The text: the top object one key per line, its arrays one element per line, anything
    /// deeper on a single line without spaces, so manifests read and diff well and stay small.
    public func rendered() -> String {
        render(depth: 0) + "\n"
    }

    private func render(depth: Int) -> String {
        switch self {
        case .object(let members):
            let present = members.compactMap { key, value in value.map { (key, $0) } }
            let colon = depth == 0 ? ": " : ":"
            let parts = present.map { JSONText.quote($0.0) + colon + $0.1.render(depth: depth + 1) }
            return depth == 0
                ? multiline(parts, "{", "}", depth) : "{" + parts.joined(separator: ",") + "}"
        case .array(let elements):
            let parts = elements.map { $0.render(depth: depth + 1) }
            return depth <= 1
                ? multiline(parts, "[", "]", depth) : "[" + parts.joined(separator: ",") + "]"
        case .string(let text): return JSONText.quote(text)
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        }
    }

    private func multiline(_ parts: [String], _ open: String, _ close: String, _ depth: Int)
        -> String
    {
        guard !parts.isEmpty else { return open + close }
        let indent = String(repeating: "  ", count: depth + 1)
        let closing = String(repeating: "  ", count: depth)
        return open + "\n" + parts.map { indent + $0 }.joined(separator: ",\n") + "\n" + closing
            + close
    }

    /// A JSON string literal; everything below 0x20, quotes and backslashes are escaped.
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
