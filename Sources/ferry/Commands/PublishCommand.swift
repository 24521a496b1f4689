import FerryCore

/// `ferry publish`: records a folder as the next version of a store.
enum PublishCommand: Command {
    static let spec = CommandSpec(
        name: "publish", summary: "record a folder as the next version of a store",
        usage: "--store DIR [--channel NAME] [--label TEXT] SOURCE_DIR",
        options: [
            OptionSpec(
                name: "--store", value: "DIR", help: "the store (created when --channel is given)"),
            OptionSpec(name: "--channel", value: "NAME", help: "the channel of a new store"),
            OptionSpec(name: "--label", value: "TEXT", help: "the vendor's release name or date"),
            Shared.json,
        ],
        positionals: ["SOURCE_DIR"])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let source = arguments.positionals[0]
        let storePath = try arguments.required("--store")
        try Publisher.checkInputs(source: source, label: arguments.value("--label"))
        let store = try Store.openOrCreate(storePath, channel: arguments.value("--channel"))
        var publisher = Publisher(store: store)
        publisher.waiting = {
            console.note("another publish holds the store; waiting for it to finish")
        }

        switch try publisher.publish(source, label: arguments.value("--label"), time: Shared.now) {
        case .published(let version, let objects):
            console.document(json(version, created: true))
            console.result(
                "published version \(version.version)\(version.label.map { " (\($0))" } ?? "") of "
                    + "\(store.channel): \(Shared.count(version.tree.entries.count, "file")), "
                    + "\(Shared.size(version.tree.totalSize)), "
                    + "\(objects) new \(objects == 1 ? "content" : "contents") stored")
        case .unchanged(let latest):
            console.document(json(latest, created: false))
            console.result(
                "\(source) is identical to version \(latest.version); no version was created")
        }
        return .success
    }

    private static func json(_ version: StoredVersion, created: Bool) -> JSONText {
        .object([
            ("version", .integer(version.version)),
            ("created", .boolean(created)),
            ("label", version.label.map { .string($0) }),
            ("tree", .string(version.tree.hash.hex)),
            ("files", .integer(version.tree.entries.count)),
            ("size", .integer(version.tree.totalSize)),
        ])
    }
}
