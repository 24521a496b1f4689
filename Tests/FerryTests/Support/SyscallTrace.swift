import Foundation
import Testing

/// One system call from an `strace -f -y` log, in the order the calls completed, with every
/// file descriptor argument resolved to the path strace printed for it.
struct Syscall: CustomStringConvertible {
    /// One argument: a descriptor with its path, a quoted string, or anything else as text.
    enum Argument {
        case descriptor(String)
        case string(String)
        case other(String)
    }

    let name: String
    let arguments: [Argument]
    /// What it returned, as strace printed it ("0", "-1 ENOENT (...)", "3</a/b>").
    let result: String
    /// The log line (resumed calls joined), for messages.
    let line: String

    var description: String { line }

    var succeeded: Bool { !result.hasPrefix("-1") }

    /// The paths this call names: for a call on a descriptor, its path; for a call relative
    /// to a folder descriptor (`openat`, `renameat`, `unlinkat`, `linkat`), the folder's path
    /// joined with the name; so `renameat` gives [from, to].
    var paths: [String] {
        let relative = name.hasSuffix("at") || name.hasSuffix("at2")
        var paths = [String]()
        var folder: String?
        for argument in arguments {
            switch argument {
            case .descriptor(let path):
                if let pending = folder { paths.append(pending) }
                folder = path
            case .string(let name) where relative:
                paths.append(name.hasPrefix("/") ? name : (folder ?? ".") + "/" + name)
                folder = nil
            case .string, .other: continue
            }
        }
        if let pending = folder { paths.append(pending) }
        return paths
    }

    /// The first path the call names.
    var path: String? { paths.first }
}

/// Runs a program under strace and reads the log it wrote.
enum SyscallTrace {
    static let strace = "/usr/bin/strace"

    /// Runs `ferry arguments` in `folder` under `strace -f -y`, tracing `calls` (a set such
    /// as "network" or a list of names) with any further strace `options` (a path filter, a
    /// fault to inject); returns the run and the calls, successful or not.
    static func ferry(
        _ arguments: [String], tracing calls: String, options extra: [String] = [],
        in folder: TempFolder, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (RunResult, [Syscall]) {
        let binary = try #require(FerryBinary.path, sourceLocation: sourceLocation)
        try #require(
            FileManager.default.isExecutableFile(atPath: strace),
            "strace is missing; run ./test.sh (the README's test command), which installs it",
            sourceLocation: sourceLocation)
        let log = folder.path(".strace-log")
        let options = ["-f", "-qq", "-y", "-s", "0", "-o", log, "-e", "trace=" + calls] + extra
        let result = try Runner.run(strace, options + [binary] + arguments, in: folder)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try FileManager.default.removeItem(atPath: log)
        return (result, parse(text))
    }

    /// The calls of a log written with `-f`, whose lines start with a process id; a call
    /// that another thread interrupted ("<unfinished ...>", "<... resumed>") is joined and
    /// placed where it completed.
    static func parse(_ text: String) -> [Syscall] {
        var pending = [Substring: String]()
        var calls = [Syscall]()
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let pid = line[..<space]
            var body = String(line[line.index(after: space)...]).trimmingCharacters(
                in: .whitespaces)
            if body.hasSuffix("<unfinished ...>") {
                pending[pid] = String(body.dropLast("<unfinished ...>".count))
                continue
            }
            if body.hasPrefix("<..."), let end = body.range(of: "resumed>") {
                body = (pending.removeValue(forKey: pid) ?? "") + body[end.upperBound...]
            }
            if let call = call(body) { calls.append(call) }
        }
        return calls
    }

    /// "name(arguments) = result", or nil for a signal or exit line.
    private static func call(_ body: String) -> Syscall? {
        guard let open = body.firstIndex(of: "("),
            let close = body.range(of: ") = ", options: .backwards)
        else { return nil }
        let name = String(body[..<open])
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let arguments = split(body[body.index(after: open)..<close.lowerBound]).map(argument)
        return Syscall(
            name: name, arguments: arguments, result: String(body[close.upperBound...]), line: body)
    }

    /// Splits an argument list at its top-level commas, outside quotes and brackets.
    private static func split(_ text: Substring) -> [Substring] {
        var parts = [Substring]()
        var depth = 0
        var quoted = false
        var escaped = false
        var start = text.startIndex
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if "([{<".contains(character) {
                depth += 1
            } else if ")]}>".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        parts.append(text[start...])
        return parts.map { $0.drop { $0 == " " } }
    }

    private static func argument(_ text: Substring) -> Syscall.Argument {
        if text.hasPrefix("\""), let end = text.lastIndex(of: "\""), end > text.startIndex {
            return .string(String(text[text.index(after: text.startIndex)..<end]))
        }
        if let open = text.firstIndex(of: "<"), text.hasSuffix(">"),
            text[..<open].allSatisfy({ $0.isNumber || $0.isUppercase || $0 == "_" || $0 == "-" })
        {
            return .descriptor(
                String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
        }
        return .other(String(text))
    }
}
