import FerryCore
import Glibc

/// Where output goes: results to stdout, progress, warnings and errors to stderr; with
/// --quiet only errors; with --json one JSON document on stdout and nothing else there.
/// Text lines may quote names from a hostile bundle, so control characters in them are
/// shown escaped: a message stays one line and cannot drive the terminal.
struct Console {
    let quiet: Bool
    let json: Bool

    /// A line of human-readable result text (suppressed with --json or --quiet).
    func result(_ text: String) {
        guard !quiet && !json else { return }
        print(Console.printable(text))
    }

    /// The JSON document (with --json).
    func document(_ value: JSONText) {
        guard json else { return }
        print(value.rendered(), terminator: "")
    }

    /// A progress or information line on stderr.
    func note(_ text: String) {
        guard !quiet else { return }
        Console.standardError("ferry: \(Console.printable(text))\n")
    }

    /// An error line on stderr, printed whatever --quiet says.
    static func error(_ text: String) {
        standardError("ferry: error: \(printable(text))\n")
    }

    /// `text` with every control character (C0, DEL and C1) written as an escape.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0a: result += "\\n"
            case 0x09: result += "\\t"
            case 0..<0x20, 0x7f..<0xa0:
                let hex = String(scalar.value, radix: 16)
                result += "\\x" + (hex.count < 2 ? "0" : "") + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func standardError(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            offset += count
        }
    }
}
