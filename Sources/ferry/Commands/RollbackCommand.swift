import FerryCore

/// `ferry rollback`: restores the previous (or a named) backed-up version.
enum RollbackCommand: Command {
    static let spec = CommandSpec(
        name: "rollback", summary: "restore the previous (or a named) backed-up version",
        usage: "--target DIR [--to VERSION]",
        options: [
            OptionSpec(name: "--target", value: "DIR", help: "the database folder"),
            OptionSpec(
                name: "--to", value: "VERSION",
                help: "the backed-up version to restore (default: the newest older one)"),
            Shared.noWait, Shared.stateDir, Shared.json,
        ],
        positionals: [])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let version = try arguments.integer("--to", in: 1...Int.max)
        let path = try arguments.required("--target")
        guard Target.hasState(path, statePath: arguments.value("--state-dir")) else {
            guard try FileKind.isFolder(path) else { throw TargetError.noTarget(path) }
            throw TargetError.nothingInstalled(path)
        }
        let target = try Target.open(
            try arguments.required("--target"), statePath: arguments.value("--state-dir"))
        var rollback = Rollback(target: target, now: Shared.now)
        rollback.wait = !arguments.has("--no-wait")
        rollback.waiting = Shared.waitingNote(console)

        let report = try rollback.rollback(to: version)
        console.document(
            .object([
                ("from", .integer(report.from.version)),
                ("version", .integer(report.to.version)),
                ("label", report.to.label.map { .string($0) }),
                ("written", .array(report.written.map { .string($0) })),
                ("deleted", .array(report.deleted.map { .string($0) })),
            ]))
        console.result(
            "rolled back: \(target.root.path) is at version \(report.to.displayName) "
                + "again (was \(report.from.version)); "
                + "\(report.written.count) files restored, \(report.deleted.count) removed")
        return .success
    }
}
