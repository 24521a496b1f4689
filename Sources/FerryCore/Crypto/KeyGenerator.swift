/// Makes new key pairs and writes them in minisign's file formats.
public enum KeyGenerator {
    /// Makes a key pair, writes the secret key (mode 0600) and the public key, and returns the
    /// public key. With a passphrase the secret key is encrypted as `minisign -G` does it;
    /// without, it is stored in the clear as `minisign -G -W` does. Existing files are
    /// replaced only with `force`.
    public static func generate(
        secretKeyPath: String, publicKeyPath: String, comment: String?, passphrase: [UInt8]?,
        force: Bool
    ) throws -> PublicKey {
        try generate(
            secretKeyPath: secretKeyPath, publicKeyPath: publicKeyPath, comment: comment,
            passphrase: passphrase, force: force, limits: .sensitive)
    }

    /// `generate` with chosen scrypt limits, so that tests need not spend 1 GiB per key.
    static func generate(
        secretKeyPath: String, publicKeyPath: String, comment: String?, passphrase: [UInt8]?,
        force: Bool, limits: ScryptLimits
    ) throws -> PublicKey {
        try checkPaths(secretKeyPath, publicKeyPath, force: force)

        let key = SecretKey.generate()
        let defaultComment =
            passphrase == nil ? "minisign unencrypted secret key" : "minisign encrypted secret key"
        var secretText = try key.fileText(
            comment: comment ?? defaultComment, passphrase: passphrase, limits: limits,
            path: secretKeyPath)
        defer { Sodium.wipe(&secretText) }
        let publicText = Array(key.publicKey.fileText(comment: comment).utf8)

        try write(
            secretText: secretText, to: secretKeyPath, publicText: publicText, to: publicKeyPath,
            force: force)
        return key.publicKey
    }

    /// Both paths are checked before anything is written, so a refusal leaves no new file.
    private static func checkPaths(_ secretPath: String, _ publicPath: String, force: Bool) throws {
        guard secretPath != publicPath else { throw KeyError.samePath(secretPath) }
        guard !force else { return }

        for path in [secretPath, publicPath] where KeyFile.exists(path) {
            throw KeyError.fileExists(path: path)
        }
    }

    /// Writes both files under temporary names first, so a full disk or a bad folder fails
    /// before either key file appears; then gives them their names, secret key first.
    private static func write(
        secretText: [UInt8], to secretPath: String, publicText: [UInt8], to publicPath: String,
        force: Bool
    ) throws {
        let secret = try KeyFile.stage(secretText, at: secretPath, mode: 0o600)
        defer { KeyFile.discard(secret) }
        let `public` = try KeyFile.stage(publicText, at: publicPath, mode: 0o644)
        defer { KeyFile.discard(`public`) }

        try KeyFile.commit(secret, replace: force)
        do {
            try KeyFile.commit(`public`, replace: force)
        } catch {
            // A secret key without its public key is of no use; remove the one just made.
            // With force the old secret key is already replaced, so there is nothing to undo.
            if !force {
                KeyFile.remove(secretPath)
            }
            throw error
        }
    }
}
