import FerryCore
import Glibc

/// A subcommand: its spec and what it does.
protocol Command: Sendable {
    /// Its name, options and help.
    static var spec: CommandSpec { get }
    /// Runs it with parsed arguments; returns the exit status for a non-error outcome.
    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus
}

/// Helpers the commands share.
enum Shared {
    /// The option every command with results for scripts takes.
    static let json = OptionSpec(
        name: "--json", value: nil, help: "print the result as JSON on stdout")
    /// The repeatable --trust option.
    static let trust = OptionSpec(
        name: "--trust", value: "KEY",
        help: "a trusted public key file, or a folder of *.pub files (repeatable)",
        repeatable: true)
    /// The options that locate a target's state.
    static let stateDir = OptionSpec(
        name: "--state-dir", value: "DIR", help: "keep ferry's state here instead of TARGET/.ferry")
    /// Fail at once if another ferry holds the target.
    static let noWait = OptionSpec(
        name: "--no-wait", value: nil,
        help: "fail at once if another ferry process holds the target")

    /// The environment, for SOURCE_DATE_EPOCH.
    static var environment: [String: String] {
        var result = [String: String]()
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    /// Now, or SOURCE_DATE_EPOCH.
    static var now: Int { Timestamp.now(environment: environment) }

    /// The trusted keys from --trust, required.
    static func trustStore(_ arguments: Arguments) throws -> TrustStore {
        let paths = arguments.all("--trust")
        guard !paths.isEmpty else {
            throw UsageError(
                "--trust KEY is required: give the public key (or folder of keys) you trust")
        }
        return try TrustStore(paths: paths)
    }

    /// "1 payload", "3 payloads": a count with its noun, plural when it is not one.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// Sizes people read: "1.2 MB".
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }

    /// "waiting for another ferry process …" on stderr.
    static func waitingNote(_ console: Console) -> () -> Void {
        {
            console.note(
                "another ferry process is working on this folder; waiting for it to finish")
        }
    }
}

/// What kind of thing a path the user gave is.
enum FileKind {
    /// Whether `path` is a folder (following links, as the user meant it).
    static func isFolder(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `path` as an absolute path with every link in it resolved; for a path that does not
    /// exist yet, its folder's resolved path and its name.
    static func resolved(_ path: String) -> String {
        if let full = realpath(path, nil) {
            defer { free(full) }
            return String(cString: full)
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let full = realpath(folder.isEmpty ? "/" : folder, nil) else { return path }
        defer { free(full) }
        return String(cString: full) + "/" + name
    }

    /// What is at `path` when it is something a new file must not replace: a folder, a
    /// symbolic link, a device, a pipe or a socket. nil when the path is free or holds a
    /// regular file. A final link is not followed: writing through it, or replacing it,
    /// would surprise in either case.
    static func nonFile(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a pipe"
        default: return "a socket"
        }
    }
}
