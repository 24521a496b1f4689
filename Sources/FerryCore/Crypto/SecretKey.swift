/// An Ed25519 secret key with its minisign key id. The key bytes live in guarded memory
/// (locked out of swap, fenced by guard pages) and are wiped when the key is released.
///
/// Sendable because nothing in it changes after `init`; only `deinit` touches the memory again.
public final class SecretKey: @unchecked Sendable {
    /// The id that signatures by this key carry.
    public let keyID: KeyID
    /// The public half, to check signatures by this key.
    public let publicKey: PublicKey
    /// The 64-byte libsodium secret key: the seed followed by the public key.
    private let secret: UnsafeMutableRawBufferPointer

    /// Derives the key pair from a 32-byte seed, which is all that a secret key really is.
    private init(keyID: KeyID, seed: UnsafeRawBufferPointer) {
        secret = Sodium.allocateGuarded(Sodium.secretKeyBytes)
        let publicBytes = Sodium.seedKeyPair(seed: seed, into: secret)
        self.keyID = keyID
        publicKey = PublicKey(keyID: keyID, bytes: publicBytes)
    }

    deinit {
        Sodium.wipe(secret)
        Sodium.freeGuarded(secret)
    }

    /// A new random key pair with a new random id.
    static func generate() -> SecretKey {
        var seed = Sodium.randomBytes(Sodium.seedBytes)
        defer { Sodium.wipe(&seed) }
        return seed.withUnsafeBytes { SecretKey(keyID: .random(), seed: $0) }
    }

    /// The key pair a fixed seed gives, for known-answer tests.
    static func fromSeed(_ seed: [UInt8], keyID: KeyID) -> SecretKey {
        seed.withUnsafeBytes { SecretKey(keyID: keyID, seed: $0) }
    }

    /// Reads a minisign secret key file. `passphrase` is called only when the key is
    /// encrypted; keys written by `minisign -G -W` or `ferry keygen --no-passphrase` are not.
    public static func load(path: String, passphrase: () throws -> [UInt8]) throws -> SecretKey {
        var text = try KeyFile.readAll(path)
        defer { Sodium.wipe(&text) }
        var box = try decodeBox(text, path: path)
        defer { Sodium.wipe(&box) }

        let encrypted = try isEncrypted(box, path: path)
        if encrypted {
            try decrypt(&box, path: path, passphrase: passphrase)
        }
        try checkChecksum(box, path: path, encrypted: encrypted)
        return try unpack(box, path: path)
    }

    /// The Ed25519 signature of `message`.
    func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.sign(message, secretKey: UnsafeRawBufferPointer(secret))
    }

    /// The two lines of a minisign secret key file, encrypted with scrypt when a passphrase is
    /// given; `path` only names the file in errors. The caller wipes the result.
    func fileText(
        comment: String, passphrase: [UInt8]?, limits: ScryptLimits, path: String
    ) throws -> [UInt8] {
        var box = packedBox(encrypted: passphrase != nil, limits: limits)
        defer { Sodium.wipe(&box) }
        if let passphrase {
            try Self.applyKeystream(to: &box, passphrase: passphrase, path: path)
        }

        var encoded = box.withUnsafeBytes { Sodium.base64Encode($0) }
        defer { Sodium.wipe(&encoded) }
        let commentLine = PublicKey.commentPrefix + Array(KeyFile.commentLine(comment).utf8)
        // Reserved in full so that appending never moves secret bytes and leaves a copy behind.
        var text = [UInt8]()
        text.reserveCapacity(commentLine.count + encoded.count + 2)
        text += commentLine + [UInt8(ascii: "\n")]
        text += encoded
        text.append(UInt8(ascii: "\n"))
        return text
    }

    /// The binary key file contents, not yet encrypted.
    private func packedBox(encrypted: Bool, limits: ScryptLimits) -> [UInt8] {
        var box = [UInt8](repeating: 0, count: Layout.count)
        box.replaceSubrange(Layout.algorithm, with: PublicKey.algorithm)
        box.replaceSubrange(Layout.checksumAlgorithm, with: Layout.blake2b)
        // minisign -W leaves the salt and limits zero in an unencrypted key; so does ferry.
        if encrypted {
            box.replaceSubrange(Layout.kdf, with: Layout.scrypt)
            let salt = Sodium.randomBytes(Sodium.scryptSaltBytes)
            box.replaceSubrange(Layout.salt, with: salt)
            box.replaceSubrange(Layout.opsLimit, with: Layout.littleEndian(limits.opsLimit))
            box.replaceSubrange(Layout.memLimit, with: Layout.littleEndian(limits.memLimit))
        }
        box.replaceSubrange(Layout.keyID, with: keyID.bytes)
        box.withUnsafeMutableBytes {
            UnsafeMutableRawBufferPointer(rebasing: $0[Layout.secretKey])
                .copyMemory(from: UnsafeRawBufferPointer(secret))
        }
        // minisign -W writes a zero checksum; ferry writes the real one so that damage shows.
        box.replaceSubrange(Layout.checksum, with: Self.checksum(of: box))
        return box
    }

    /// The base64 line of a key file, decoded.
    private static func decodeBox(_ text: [UInt8], path: String) throws -> [UInt8] {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        guard lines.count == 2, lines[0].starts(with: PublicKey.commentPrefix) else {
            throw KeyError.malformedSecretKey(
                path: path, reason: "it should be an untrusted comment line and a key line")
        }
        let line = lines[1].last == UInt8(ascii: "\r") ? lines[1].dropLast() : lines[1]
        let box = line.withUnsafeBytes { Sodium.base64Decode($0, count: Layout.count) }
        guard let box else {
            throw KeyError.malformedSecretKey(
                path: path, reason: "its key line is not the base64 of a 158-byte key")
        }
        return box
    }

    /// Checks the algorithm tags and tells whether the key is encrypted.
    private static func isEncrypted(_ box: [UInt8], path: String) throws -> Bool {
        guard box[Layout.algorithm].elementsEqual(PublicKey.algorithm) else {
            throw KeyError.malformedSecretKey(path: path, reason: "it is not an Ed25519 key")
        }
        guard box[Layout.checksumAlgorithm].elementsEqual(Layout.blake2b) else {
            throw KeyError.malformedSecretKey(path: path, reason: "its checksum type is unknown")
        }

        let kdf = box[Layout.kdf]
        if kdf.elementsEqual(Layout.scrypt) { return true }
        if kdf.elementsEqual([0, 0]) { return false }
        throw KeyError.malformedSecretKey(path: path, reason: "its encryption type is unknown")
    }

    private static func decrypt(
        _ box: inout [UInt8], path: String, passphrase: () throws -> [UInt8]
    ) throws {
        var phrase = try passphrase()
        defer { Sodium.wipe(&phrase) }
        try applyKeystream(to: &box, passphrase: phrase, path: path)
    }

    /// XORs the key id, secret key and checksum with scrypt output, which both encrypts and
    /// decrypts. The salt and limits are read from the box itself.
    private static func applyKeystream(
        to box: inout [UInt8], passphrase: [UInt8], path: String
    ) throws {
        let memLimit = Layout.littleEndian(box[Layout.memLimit])
        // Sodium takes the memory limit as an Int; a damaged file must not crash the cast.
        guard memLimit <= UInt64(Int.max) else {
            throw KeyError.malformedSecretKey(path: path, reason: "its scrypt memory is absurd")
        }
        guard
            var stream = Sodium.scrypt(
                passphrase: passphrase, salt: Array(box[Layout.salt]),
                opsLimit: Layout.littleEndian(box[Layout.opsLimit]), memLimit: memLimit,
                count: Layout.keynum.count)
        else { throw KeyError.cannotDeriveKey(path: path) }
        defer { Sodium.wipe(&stream) }

        for (offset, byte) in stream.enumerated() {
            box[Layout.keynum.lowerBound + offset] ^= byte
        }
    }

    /// minisign's checksum decides whether a passphrase was right. A zero checksum in an
    /// unencrypted key is what `minisign -G -W` writes, so it is accepted there.
    private static func checkChecksum(_ box: [UInt8], path: String, encrypted: Bool) throws {
        let stored = Array(box[Layout.checksum])
        if Sodium.constantTimeEqual(stored, checksum(of: box)) { return }
        if !encrypted, stored.allSatisfy({ $0 == 0 }) { return }

        if encrypted { throw KeyError.wrongPassphrase(path: path) }
        throw KeyError.damagedSecretKey(path: path, reason: "its checksum does not match")
    }

    /// BLAKE2b-256 of the algorithm tag, key id and secret key, as minisign computes it.
    private static func checksum(of box: [UInt8]) -> [UInt8] {
        let hasher = Blake2bState(outputLength: Layout.checksum.count)
        let parts = [Layout.algorithm, Layout.keyID, Layout.secretKey]
        box.withUnsafeBytes { box in
            for range in parts {
                hasher.update(UnsafeRawBufferPointer(rebasing: box[range]))
            }
        }
        return hasher.finish()
    }

    /// The key from the decrypted box. Only the seed is used; the stored public half must agree
    /// with it, or the key would sign as one key while the file claims another.
    private static func unpack(_ box: [UInt8], path: String) throws -> SecretKey {
        let keyID = KeyID(bytes: box[Layout.keyID])
        let key = box.withUnsafeBytes { box in
            let seed = UnsafeRawBufferPointer(rebasing: box[Layout.seed])
            return SecretKey(keyID: keyID, seed: seed)
        }
        guard key.publicKey.bytes.elementsEqual(box[Layout.publicHalf]) else {
            throw KeyError.damagedSecretKey(
                path: path, reason: "its public half does not match its secret half")
        }
        return key
    }
}

/// The cost of the scrypt derivation that protects an encrypted secret key file.
struct ScryptLimits: Sendable {
    /// scrypt's operations limit, as libsodium counts it.
    let opsLimit: UInt64
    /// scrypt's memory limit in bytes.
    let memLimit: UInt64

    /// What minisign writes into new keys: libsodium's "sensitive" limits, 1 GiB and seconds.
    static var sensitive: ScryptLimits {
        ScryptLimits(
            opsLimit: Sodium.scryptSensitiveOpsLimit, memLimit: Sodium.scryptSensitiveMemLimit)
    }
}

extension SecretKey {
    /// Where each field sits in the 158 bytes behind a minisign secret key file's base64 line.
    fileprivate enum Layout {
        static let algorithm = 0..<2
        static let kdf = 2..<4
        static let checksumAlgorithm = 4..<6
        static let salt = 6..<38
        static let opsLimit = 38..<46
        static let memLimit = 46..<54
        /// Key id, secret key and checksum: the part a passphrase encrypts.
        static let keynum = 54..<158
        static let keyID = 54..<62
        static let secretKey = 62..<126
        static let seed = 62..<94
        static let publicHalf = 94..<126
        static let checksum = 126..<158
        static let count = 158

        static let scrypt = Array("Sc".utf8)
        static let blake2b = Array("B2".utf8)

        /// The 8 bytes of a scrypt limit, least significant first.
        static func littleEndian(_ value: UInt64) -> [UInt8] {
            (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }

        /// A scrypt limit from its 8 bytes, least significant first.
        static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}
