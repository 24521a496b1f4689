import FerryCore

/// `ferry apply`: verifies a bundle and installs it as a journaled transaction.
enum ApplyCommand: Command {
    static let spec = CommandSpec(
        name: "apply", summary: "verify and install a bundle, or the best chain from a folder",
        usage: "(BUNDLE | FOLDER) --target DIR --trust KEY... [--dry-run] [--json]",
        options: [
            OptionSpec(name: "--target", value: "DIR", help: "the database folder to update"),
            Shared.trust,
            OptionSpec(
                name: "--dry-run", value: nil,
                help: "check everything and print the plan; change nothing"),
            OptionSpec(
                name: "--keep-backups", value: "N",
                help: "how many older versions to keep for rollback (default 3)"),
            Shared.noWait, Shared.stateDir, Shared.json,
        ],
        positionals: ["BUNDLE"])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        // apply keeps to a memory bound (64 MiB + its largest patch's old content, README);
        // pack, which makes and frees many large buffers, is faster with glibc's own choice.
        LargeBuffers.returnWhenFreed()
        var options = ApplyOptions(trust: try Shared.trustStore(arguments), now: Shared.now)
        options.dryRun = arguments.has("--dry-run")
        options.wait = !arguments.has("--no-wait")
        options.keepBackups = try arguments.integer("--keep-backups", in: 0...1000) ?? 3
        let path = try arguments.required("--target")
        let statePath = arguments.value("--state-dir")
        let hadState = Target.hasState(path, statePath: statePath)
        do {
            return try run(
                options, target: Target.open(path, statePath: statePath), arguments, console)
        } catch {
            // A first apply that fails leaves the folder as it found it.
            if !hadState { Target.removeEmptyState(path, statePath: statePath) }
            throw error
        }
    }

    private static func run(
        _ options: ApplyOptions, target: Target, _ arguments: Arguments, _ console: Console
    ) throws -> ExitStatus {
        var applier = Applier(target: target, options: options)
        applier.waiting = Shared.waitingNote(console)

        let source = arguments.positionals[0]
        if try FileKind.isFolder(source) {
            return try applyChain(applier, from: source, target: target, console: console)
        }
        let report = try applier.apply(source)
        console.document(json(report))
        show(report, target: target.root.path, console: console)
        return .success
    }

    private static func applyChain(
        _ applier: Applier, from folder: String, target: Target, console: Console
    ) throws -> ExitStatus {
        let report = try applier.applyChain(from: folder)
        for (path, reason) in report.skipped {
            console.note("passed over \(path): \(reason)")
        }
        console.document(
            .object([
                ("chain", .array(report.chain.map { .string($0.path) })),
                ("applied", .array(report.applied.map(json))),
            ]))
        guard !report.chain.isEmpty else {
            console.result("\(target.root.path): no bundle in \(folder) leads to a newer version")
            return .success
        }
        for candidate in report.chain {
            let manifest = candidate.manifest
            let from = manifest.from?.displayName ?? "nothing (full)"
            console.result("chain:  \(candidate.path): \(from) -> \(manifest.to.displayName)")
        }
        for applied in report.applied {
            show(applied, target: target.root.path, console: console)
        }
        return .success
    }

    private static func show(_ report: ApplyReport, target: String, console: Console) {
        let to = report.manifest.to.displayName
        switch report.outcome {
        case .upToDate:
            console.result("\(target) is already up to date at version \(to)")
        case .planned:
            console.result(
                "dry run: would bring \(target) from "
                    + "\(report.previous.map(String.init) ?? "nothing") to \(to)"
            )
            for path in report.written { console.result("  write   \(path)") }
            for path in report.deleted { console.result("  delete  \(path)") }
            console.result("signed by trusted key \(report.signer); nothing was changed")
        case .applied:
            console.result(
                "applied: \(target) is now at version \(to) (was "
                    + "\(report.previous.map(String.init) ?? "empty")); "
                    + "\(Shared.count(report.written.count, "file")) written, "
                    + "\(report.deleted.count) deleted; "
                    + "signed by trusted key \(report.signer)")
        }
    }

    private static func json(_ report: ApplyReport) -> JSONText {
        .object([
            ("outcome", .string(report.outcome.rawValue)),
            ("channel", .string(report.manifest.channel)),
            ("previous", report.previous.map { .integer($0) }),
            ("version", .integer(report.manifest.to.version)),
            ("label", report.manifest.to.label.map { .string($0) }),
            ("signer", .string(report.signer.description)),
            ("written", .array(report.written.map { .string($0) })),
            ("deleted", .array(report.deleted.map { .string($0) })),
        ])
    }
}
