import FerryCore

/// `ferry keygen`: makes an Ed25519 key pair in minisign's file formats.
enum KeygenCommand: Command {
    static let spec = CommandSpec(
        name: "keygen", summary: "make an Ed25519 key pair (minisign file formats)",
        usage:
            "--secret-key FILE --public-key FILE [--comment TEXT] "
            + "[--no-passphrase | --passphrase-file FILE] [--force]",
        options: [
            OptionSpec(
                name: "--secret-key", value: "FILE",
                help: "where to write the secret key (created 0600)"),
            OptionSpec(name: "--public-key", value: "FILE", help: "where to write the public key"),
            OptionSpec(
                name: "--comment", value: "TEXT", help: "the public key's untrusted comment"),
            OptionSpec(
                name: "--no-passphrase", value: nil, help: "leave the secret key unencrypted"),
            OptionSpec(
                name: "--passphrase-file", value: "FILE",
                help: "read the passphrase from FILE's first line"),
            OptionSpec(name: "--force", value: nil, help: "replace existing key files"),
        ],
        positionals: [])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let secretPath = try arguments.required("--secret-key")
        let publicPath = try arguments.required("--public-key")
        if arguments.has("--no-passphrase") && arguments.has("--passphrase-file") {
            throw UsageError(
                "--no-passphrase and --passphrase-file contradict each other; give one")
        }

        var passphrase: [UInt8]? = nil
        if !arguments.has("--no-passphrase") {
            passphrase = try readPassphrase(
                file: arguments.value("--passphrase-file"),
                prompt: "Passphrase for the new secret key: ",
                confirm: true)
        }
        defer { if var phrase = passphrase { Secrets.wipe(&phrase) } }
        let key = try KeyGenerator.generate(
            secretKeyPath: secretPath, publicKeyPath: publicPath,
            comment: arguments.value("--comment"),
            passphrase: passphrase, force: arguments.has("--force"))

        console.result("key id \(key.keyID)")
        console.result("secret key: \(secretPath) (keep it offline and private)")
        console.result("public key: \(publicPath) (give it to every machine that applies bundles)")
        return .success
    }
}
