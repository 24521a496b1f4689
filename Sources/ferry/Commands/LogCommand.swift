import FerryCore

/// `ferry log`: lists a store's versions.
enum LogCommand: Command {
    static let spec = CommandSpec(
        name: "log", summary: "list a store's versions", usage: "--store DIR [--json]",
        options: [OptionSpec(name: "--store", value: "DIR", help: "the store"), Shared.json],
        positionals: [])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let store = try Store.open(try arguments.required("--store"))
        let versions = try store.versionNumbers().map(store.version)

        console.document(
            .object([
                ("channel", .string(store.channel)),
                ("versions", .array(versions.map(json))),
            ]))
        console.result("channel \(store.channel): \(versions.count) versions")
        for version in versions {
            let label = version.label ?? "-"
            console.result(
                "\(String(version.version).padding(toLength: 6))\(label.padding(toLength: 22))"
                    + "\(Timestamp.format(version.published))  "
                    + "\(Shared.count(version.tree.entries.count, "file")), "
                    + Shared.size(version.tree.totalSize))
        }
        return .success
    }

    private static func json(_ version: StoredVersion) -> JSONText {
        .object([
            ("version", .integer(version.version)),
            ("label", version.label.map { .string($0) }),
            ("published", .string(Timestamp.format(version.published))),
            ("tree", .string(version.tree.hash.hex)),
            ("files", .integer(version.tree.entries.count)),
            ("size", .integer(version.tree.totalSize)),
        ])
    }
}
