/// The public keys an offline machine trusts: only a signature by one of them is accepted.
public struct TrustStore: Sendable {
    /// The trusted keys, one per key id, in the order their files were found.
    public let keys: [PublicKey]

    /// Trusts the given keys.
    public init(keys: [PublicKey]) {
        self.keys = keys
    }

    /// Reads the keys at `paths`: each is a public key file, or a folder whose regular
    /// `*.pub` files are all read. Finding no key at all is an error.
    public init(paths: [String]) throws {
        var keys: [PublicKey] = []
        var sources: [KeyID: String] = [:]
        for file in try paths.flatMap(Self.keyFiles) {
            let key = try PublicKey.load(path: file)
            if let earlier = sources[key.keyID] {
                try Self.checkSame(key, as: keys, earlier: earlier, path: file)
                continue
            }
            sources[key.keyID] = file
            keys.append(key)
        }

        guard !keys.isEmpty else { throw KeyError.noTrustedKeys(paths: paths) }
        self.keys = keys
    }

    /// The trusted key with `id`, if there is one.
    public func key(for id: KeyID) -> PublicKey? {
        keys.first { $0.keyID == id }
    }

    /// Checks `signature` over `message` with the trusted key it names, and returns that key.
    public func verify(_ message: [UInt8], signature: Signature) throws -> PublicKey {
        guard let key = key(for: signature.keyID) else {
            throw KeyError.untrustedKey(signature.keyID)
        }
        try signature.verify(message, with: key)
        return key
    }

    /// The key files a path stands for: itself, or the `.pub` files in it.
    private static func keyFiles(_ path: String) throws -> [String] {
        try KeyFile.isFolder(path) ? KeyFile.regularFiles(in: path, suffix: ".pub") : [path]
    }

    /// The same key found twice (a folder and a file in it, a copy) is harmless; two different
    /// keys under one id would make the id ambiguous, so that is refused.
    private static func checkSame(
        _ key: PublicKey, as keys: [PublicKey], earlier: String, path: String
    ) throws {
        guard keys.contains(key) else {
            throw KeyError.conflictingTrustedKeys(keyID: key.keyID, first: earlier, second: path)
        }
    }
}
