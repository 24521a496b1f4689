import FerryCore
import Glibc

/// Where output goes: results to stdout, progress, warnings and errors to stderr; with
/// --quiet only errors; with --json one JSON document on stdout and nothing else there.
struct Console {
    let quiet: Bool
    let json: Bool

    /// A line of human-readable result text (suppressed with --json or --quiet).
    func result(_ text: String) {
        guard !quiet && !json else { return }
        print(text)
    }

    /// The JSON document (with --json).
    func document(_ value: JSONText) {
        guard json else { return }
        print(value.rendered(), terminator: "")
    }

    /// A progress or information line on stderr.
    func note(_ text: String) {
        guard !quiet else { return }
        Console.standardError("ferry: \(text)\n")
    }

    /// An error line on stderr, printed whatever --quiet says.
    static func error(_ text: String) {
        standardError("ferry: error: \(text)\n")
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
