import FerryCore

/// `ferry status`: the installed version, backups kept and, with --check, the integrity of
/// every managed file.
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status", summary: "installed version, integrity of installed files, backups",
        usage: "--target DIR [--check] [--json]",
        options: [
            OptionSpec(name: "--target", value: "DIR", help: "the database folder"),
            OptionSpec(
                name: "--check", value: nil,
                help: "re-hash every managed file; exit 4 if any differs"),
            Shared.noWait, Shared.stateDir, Shared.json,
        ],
        positionals: [])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let path = try arguments.required("--target")
        guard Target.hasState(path, statePath: arguments.value("--state-dir")) else {
            guard try FileKind.isFolder(path) else { throw TargetError.noTarget(path) }
            console.document(.object([("state", .string("empty"))]))
            console.result("\(path): nothing installed yet; apply a full bundle")
            return .success
        }
        let target = try Target.open(
            try arguments.required("--target"), statePath: arguments.value("--state-dir"))
        let status = try TargetStatus.read(
            target, check: arguments.has("--check"), wait: !arguments.has("--no-wait"),
            waiting: Shared.waitingNote(console))
        if let operation = status.recovered {
            console.note("finished an interrupted \(operation) first")
        }

        console.document(json(status))
        show(status, target: target.root.path, console: console)
        return status.isIntact ? .success : .targetState
    }

    private static func show(_ status: TargetStatus, target: String, console: Console) {
        guard let state = status.state else {
            console.result("\(target): nothing installed yet; apply a full bundle")
            return
        }
        console.result("target:    \(target)")
        console.result("channel:   \(state.channel)")
        console.result("version:   \(state.displayName)")
        console.result(
            "installed: \(Timestamp.format(state.installed)), signed by key \(state.signer)")
        console.result(
            "files:     \(state.tree.entries.count), \(Shared.size(state.tree.totalSize))")
        let backups = status.backups.map(String.init).joined(separator: ", ")
        console.result("backups:   \(backups.isEmpty ? "none" : backups)")
        guard status.checked else { return }
        for path in status.changed { console.result("changed:   \(path)") }
        for path in status.missing { console.result("missing:   \(path)") }
        console.result(
            status.isIntact
                ? "check:     all \(state.tree.entries.count) files match version \(state.version)"
                : "check:     \(status.changed.count) changed, \(status.missing.count) missing")
    }

    private static func json(_ status: TargetStatus) -> JSONText {
        .object([
            ("state", .string(status.state == nil ? "empty" : "installed")),
            ("channel", status.state.map { .string($0.channel) }),
            ("version", status.state.map { .integer($0.version) }),
            ("label", status.state.flatMap(\.label).map { .string($0) }),
            ("installed", status.state.map { .string(Timestamp.format($0.installed)) }),
            ("signer", status.state.map { .string($0.signer) }),
            ("tree", status.state.map { .string($0.tree.hash.hex) }),
            ("backups", .array(status.backups.map { .integer($0) })),
            ("checked", .boolean(status.checked)),
            ("changed", .array(status.changed.map { .string($0) })),
            ("missing", .array(status.missing.map { .string($0) })),
        ])
    }
}
