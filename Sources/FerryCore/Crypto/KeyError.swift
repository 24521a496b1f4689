/// What went wrong with a key, a signature, the trusted keys or a passphrase.
public enum KeyError: FerryError, Equatable {
    /// A key, signature or trust file could not be read.
    case unreadable(path: String, reason: String)
    /// A public key file or text is not in minisign's format.
    case malformedPublicKey(source: String, reason: String)
    /// A secret key file is not in minisign's format.
    case malformedSecretKey(path: String, reason: String)
    /// The passphrase does not decrypt the secret key.
    case wrongPassphrase(path: String)
    /// The secret key decoded but its contents do not agree with themselves.
    case damagedSecretKey(path: String, reason: String)
    /// scrypt could not turn the passphrase into a key, usually for lack of memory.
    case cannotDeriveKey(path: String)
    /// `keygen` was given one path for both the secret and the public key.
    case samePath(String)
    /// A key file exists and `--force` was not given.
    case fileExists(path: String)
    /// A key file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A signature is not in minisign's format.
    case malformedSignature(reason: String)
    /// A signature uses minisign's legacy algorithm, which signs the message itself.
    case legacySignature(keyID: KeyID)
    /// A signature names a different key than the public key it is checked with.
    case keyMismatch(signature: KeyID, key: KeyID)
    /// A signature does not match the signed data.
    case badSignature(keyID: KeyID)
    /// A signature's trusted comment was changed after signing.
    case badTrustedComment(keyID: KeyID)
    /// A signature was made by a key that is not trusted.
    case untrustedKey(KeyID)
    /// No public key was found in the trust paths.
    case noTrustedKeys(paths: [String])
    /// Two trusted key files hold different keys under the same id.
    case conflictingTrustedKeys(keyID: KeyID, first: String, second: String)
    /// The passphrase file could not be read.
    case unreadablePassphraseFile(path: String, reason: String)
    /// The passphrase is empty.
    case emptyPassphrase(source: String)
    /// The passphrase is longer than minisign accepts.
    case passphraseTooLong(source: String, limit: Int)
    /// The passphrase and its confirmation differ.
    case passphraseMismatch
    /// There is no terminal to ask for a passphrase on.
    case noTerminal

    /// The exit status family: signature and trust failures are verification failures.
    public var kind: FailureKind {
        switch self {
        case .unreadable, .cannotWrite, .unreadablePassphraseFile: .io
        case .malformedSignature, .legacySignature, .keyMismatch, .badSignature,
            .badTrustedComment, .untrustedKey:
            .verification
        case .cannotDeriveKey: .other
        case .malformedPublicKey, .malformedSecretKey, .wrongPassphrase, .damagedSecretKey,
            .samePath, .fileExists, .noTrustedKeys, .conflictingTrustedKeys, .emptyPassphrase,
            .passphraseTooLong, .passphraseMismatch, .noTerminal:
            .usage
        }
    }

    /// One sentence: what failed, about which file or key, and what to do next. The switch is
    /// long because it is the table of every message, kept in one place to read side by side.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason); check the path and its permissions"
        case .malformedPublicKey(let source, let reason):
            "\(source) is not a minisign public key (\(reason)); pass the .pub file that "
                + "`ferry keygen` or `minisign -G` wrote"
        case .malformedSecretKey(let path, let reason):
            "\(path) is not a minisign secret key (\(reason)); pass the secret key file that "
                + "`ferry keygen` or `minisign -G` wrote"
        case .wrongPassphrase(let path):
            "wrong passphrase for the secret key \(path) (its checksum does not match); "
                + "try again with the passphrase the key was made with"
        case .damagedSecretKey(let path, let reason):
            "the secret key \(path) is damaged (\(reason)); restore it from a backup"
        case .cannotDeriveKey(let path):
            "could not derive the key that protects \(path) from the passphrase (scrypt "
                + "needs up to 1 GiB of memory); free some memory and try again"
        case .samePath(let path):
            "the secret key and the public key would both be written to \(path); "
                + "give them different paths"
        case .fileExists(let path):
            "\(path) already exists; pass --force to replace it, or choose another path"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason); check that its folder exists, is writable "
                + "and has space"
        case .malformedSignature(let reason):
            "the signature is not a valid minisign signature (\(reason)); it was damaged or "
                + "not written by ferry or minisign, so get an intact copy"
        case .legacySignature(let keyID):
            "the signature by key \(keyID) uses minisign's legacy non-prehashed format, which "
                + "ferry refuses; sign again with ferry, or with `minisign -S` without -l"
        case .keyMismatch(let signature, let key):
            "the signature was made with key \(signature), but the public key given is "
                + "\(key); check it with the public key of \(signature)"
        case .badSignature(let keyID):
            "the signature by key \(keyID) does not match the signed data, which was changed "
                + "or damaged after signing; do not use it, and get an intact copy"
        case .badTrustedComment(let keyID):
            "the trusted comment of the signature by key \(keyID) was changed after signing; "
                + "do not use it, and get an intact copy"
        case .untrustedKey(let keyID):
            "signed by key \(keyID), which is not trusted; pass its public key with --trust"
        case .noTrustedKeys(let paths):
            "no public key (.pub file) found in \(paths.joined(separator: ", ")); "
                + "pass --trust with a key file"
        case .conflictingTrustedKeys(let keyID, let first, let second):
            "\(first) and \(second) hold different public keys with the same id \(keyID); "
                + "remove the one you do not trust"
        case .unreadablePassphraseFile(let path, let reason):
            "cannot read the passphrase file \(path): \(reason); check the path and its "
                + "permissions"
        case .emptyPassphrase(let source):
            "the passphrase from \(source) is empty; give a passphrase (to make a key "
                + "without one, run keygen with --no-passphrase)"
        case .passphraseTooLong(let source, let limit):
            "the passphrase from \(source) is longer than \(limit) bytes, more than "
                + "minisign accepts; use a shorter one"
        case .passphraseMismatch:
            "the two passphrases differ; run the command again and type the same one twice"
        case .noTerminal:
            "there is no terminal to ask for the passphrase on; pass --passphrase-file FILE "
                + "(keygen also takes --no-passphrase, for a key without one)"
        }
    }
}
