import FerryCore

/// `ferry verify`: checks a bundle's signature and every payload; installs nothing. Each
/// payload's size and hash are signed, so checking them proves the bundle intact; with
/// --decode every file the payloads produce is checked as well, as apply does.
enum VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify", summary: "check a bundle's signature and every payload, install nothing",
        usage: "BUNDLE --trust KEY... [--decode] [--json]",
        options: [
            Shared.trust,
            OptionSpec(
                name: "--decode", value: nil,
                help: "also decode the payloads and check every file they produce"),
            Shared.json,
        ],
        positionals: ["BUNDLE"])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let trust = try Shared.trustStore(arguments)
        let path = arguments.positionals[0]
        let reader = try BundleReader(path: path)
        let verified = try BundleVerifier.verify(try reader.readHead(), trust: trust)
        let manifest = verified.manifest
        // An expired bundle would be refused by apply, so verify refuses it too.
        if let expires = manifest.expires, expires <= Shared.now {
            throw TargetError.expired(Timestamp.format(expires))
        }
        let decode = arguments.has("--decode")
        try reader.readPayloads(of: manifest, into: DiscardingPayloads(decode: decode))

        let size = try File.openForReading(path).size()
        console.document(
            .object([
                ("verified", .boolean(true)),
                ("signer", .string(verified.signer.keyID.description)),
                ("bundle", BundleJSON.summary(manifest, bundleSize: size)),
            ]))
        console.result(
            "\(path): verified; signed by trusted key \(verified.signer.keyID); "
                + "\(manifest.channel) "
                + "\(manifest.from?.displayName ?? "nothing") -> \(manifest.to.displayName), "
                + "\(Shared.count(manifest.changes.count, "change")), "
                + payloadNote(manifest, decoded: decode))
        return .success
    }

    /// What was checked of the payloads: zstd patches, copies and deletions cannot be
    /// checked further without the old files, which apply has.
    private static func payloadNote(_ manifest: Manifest, decoded: Bool) -> String {
        guard !manifest.payloads.isEmpty else {
            return "no payloads (copies and deletions only; apply checks what they produce)"
        }
        let hashes = "every payload matches its signed hash"
        guard decoded else { return hashes }
        let patched = manifest.changes.contains { $0.payload?.codec == .zstdPatch }
        return patched
            ? hashes + ", and so does every file its whole-content payloads produce (zstd "
                + "patches need the old files; apply checks what they produce)"
            : hashes + " and so does every file they produce"
    }
}
