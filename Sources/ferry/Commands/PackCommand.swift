import FerryCore

/// `ferry pack`: writes the signed bundle from one version to another.
enum PackCommand: Command {
    static let spec = CommandSpec(
        name: "pack", summary: "write the signed bundle from version N (or nothing) to M",
        usage:
            "--store DIR (--since N | --full) [--to M] --secret-key FILE --output FILE "
            + "[--expires DURATION]",
        options: [
            OptionSpec(name: "--store", value: "DIR", help: "the store"),
            OptionSpec(name: "--since", value: "N", help: "the version the offline machines have"),
            OptionSpec(
                name: "--full", value: nil,
                help: "a full bundle, for machines with nothing installed"),
            OptionSpec(
                name: "--to", value: "M", help: "the version to bring them to (default: the latest)"
            ),
            OptionSpec(name: "--secret-key", value: "FILE", help: "the key that signs the bundle"),
            OptionSpec(
                name: "--passphrase-file", value: "FILE",
                help: "read the key's passphrase from FILE"),
            OptionSpec(name: "--output", value: "FILE", help: "the bundle file to write"),
            OptionSpec(
                name: "--expires", value: "DURATION",
                help: "refuse the bundle after this long: 30d, 12h, 90m"),
            OptionSpec(
                name: "--level", value: "N",
                help:
                    "zstd level 1-22 (default: 19, but 3 for over 64 MiB of whole files)"
            ),
            OptionSpec(
                name: "--gzip", value: nil, help: "gzip whole files instead of zstd, for auditors"),
            Shared.json,
        ],
        positionals: [])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let options = try packOptions(arguments)
        let storePath = try arguments.required("--store")
        let keyPath = try arguments.required("--secret-key")
        let output = try arguments.required("--output")
        try checkOutput(
            output, inputs: [keyPath, arguments.value("--passphrase-file")].compactMap { $0 },
            store: storePath)
        let store = try Store.open(storePath)
        let key = try SecretKey.load(path: keyPath) {
            try readPassphrase(
                file: arguments.value("--passphrase-file"), prompt: "Passphrase for \(keyPath): ",
                confirm: false)
        }

        let manifest = try Packer(store: store, key: key).pack(options, to: output)
        let size = try File.openForReading(output).size()
        console.document(BundleJSON.summary(manifest, bundleSize: size))
        let from = manifest.from.map { $0.displayName } ?? "nothing"
        console.result(
            "wrote \(output): \(manifest.channel) \(from) -> \(manifest.to.displayName), "
                + "\(Shared.count(manifest.changes.count, "change")), \(Shared.size(size)), "
                + "signed by key \(key.keyID)"
        )
        return .success
    }

    /// The bundle is renamed over `output` at the end, so `output` must not be something
    /// that rename would destroy: a device, pipe, link or folder, one of pack's own input
    /// files (the secret key, the passphrase file) or a file of the store.
    private static func checkOutput(_ output: String, inputs: [String], store: String) throws {
        if let kind = FileKind.nonFile(output) {
            throw UsageError(
                "--output \(output) is \(kind); give the name of a new or regular file for the "
                    + "bundle")
        }
        let target = FileKind.resolved(output)
        if let input = inputs.first(where: { FileKind.resolved($0) == target }) {
            throw UsageError(
                "--output \(output) is the same file as \(input), which pack reads; give the "
                    + "bundle a name of its own")
        }
        if target.hasPrefix(FileKind.resolved(store) + "/") {
            throw UsageError(
                "--output \(output) is inside the store \(store); write the bundle outside it")
        }
    }

    private static func packOptions(_ arguments: Arguments) throws -> PackOptions {
        let since = try arguments.integer("--since", in: 1...Int.max)
        guard (since != nil) != arguments.has("--full") else {
            throw UsageError(
                "give --since N (the version the offline machines have) or --full, not "
                    + "both or neither"
            )
        }
        var lifetime: Int?
        if let text = arguments.value("--expires") {
            guard let seconds = Timestamp.parseDuration(text) else {
                throw UsageError(
                    "--expires takes a duration such as 30d, 12h, 90m or 3600s, not '\(text)'")
            }
            lifetime = seconds
        }
        return PackOptions(
            from: since, to: try arguments.integer("--to", in: 1...Int.max),
            level: try arguments.integer("--level", in: 1...22),
            codec: arguments.has("--gzip") ? .gzip : .zstd, created: Shared.now, lifetime: lifetime)
    }
}
