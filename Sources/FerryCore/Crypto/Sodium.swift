import CSodium

/// The only file that calls libsodium: BLAKE2b, Ed25519, scrypt, random bytes and wiping.
enum Sodium {
    /// Ed25519 public key length in bytes.
    static let publicKeyBytes = Int(crypto_sign_publickeybytes())
    /// Ed25519 secret key length in bytes (seed followed by public key).
    static let secretKeyBytes = Int(crypto_sign_secretkeybytes())
    /// Ed25519 signature length in bytes.
    static let signatureBytes = Int(crypto_sign_bytes())

    /// libsodium must be initialised once before use; a Swift global is initialised lazily
    /// and exactly once, even with several threads.
    private static let ready: Bool = sodium_init() >= 0

    static func initialise() {
        precondition(ready, "libsodium could not be initialised")
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        initialise()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return bytes
    }

    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    static func generateSigningKeyPair() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        initialise()
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        var secretKey = [UInt8](repeating: 0, count: secretKeyBytes)
        let status = crypto_sign_keypair(&publicKey, &secretKey)
        precondition(status == 0, "crypto_sign_keypair failed")
        return (publicKey, secretKey)
    }

    static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        initialise()
        precondition(secretKey.count == secretKeyBytes)
        var signature = [UInt8](repeating: 0, count: signatureBytes)
        let status = crypto_sign_detached(
            &signature, nil, message, UInt64(message.count), secretKey)
        precondition(status == 0, "crypto_sign_detached failed")
        return signature
    }

    static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        initialise()
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else {
            return false
        }
        return crypto_sign_verify_detached(
            signature, message, UInt64(message.count), publicKey) == 0
    }

    /// Derives `count` bytes from a passphrase with scrypt (the minisign key encryption).
    static func scrypt(
        passphrase: [UInt8], salt: [UInt8], opsLimit: UInt64, memLimit: UInt64, count: Int
    ) -> [UInt8]? {
        initialise()
        guard salt.count == Int(crypto_pwhash_scryptsalsa208sha256_saltbytes()) else { return nil }
        var output = [UInt8](repeating: 0, count: count)
        // A zero byte past the end gives an empty passphrase a valid address too.
        var phrase = passphrase + [0]
        defer { wipe(&phrase) }
        let status = phrase.withUnsafeBufferPointer { phrase in
            phrase.withMemoryRebound(to: CChar.self) { phrase in
                crypto_pwhash_scryptsalsa208sha256(
                    &output, UInt64(count), phrase.baseAddress!, UInt64(passphrase.count), salt,
                    opsLimit, Int(memLimit))
            }
        }
        return status == 0 ? output : nil
    }

    static var scryptSaltBytes: Int { Int(crypto_pwhash_scryptsalsa208sha256_saltbytes()) }

    /// The scrypt limits minisign writes into new keys ("sensitive": about 1 GiB, ~2 s).
    static var scryptSensitiveOpsLimit: UInt64 {
        UInt64(crypto_pwhash_scryptsalsa208sha256_opslimit_sensitive())
    }

    static var scryptSensitiveMemLimit: UInt64 {
        UInt64(crypto_pwhash_scryptsalsa208sha256_memlimit_sensitive())
    }

    /// Compares two byte strings in time that does not depend on where they differ.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return sodium_memcmp(lhs, rhs, lhs.count) == 0
    }
}

/// An incremental BLAKE2b hasher over libsodium's generichash state.
final class Blake2bState {
    private let state: UnsafeMutableRawPointer
    private let outputLength: Int

    /// Starts a hash whose digest is `outputLength` bytes long (32 or 64 in ferry).
    init(outputLength: Int) {
        Sodium.initialise()
        self.outputLength = outputLength
        // The state must be 64-byte aligned, which Swift's own struct import does not promise.
        state = UnsafeMutableRawPointer.allocate(
            byteCount: crypto_generichash_statebytes(), alignment: 64)
        let status = crypto_generichash_init(typedState, nil, 0, outputLength)
        precondition(status == 0, "crypto_generichash_init failed")
    }

    deinit {
        sodium_memzero(state, crypto_generichash_statebytes())
        state.deallocate()
    }

    /// libsodium's aligned state struct does not import into Swift, so it travels opaque.
    private var typedState: OpaquePointer { OpaquePointer(state) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let status = crypto_generichash_update(
            typedState, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
        precondition(status == 0, "crypto_generichash_update failed")
    }

    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: outputLength)
        let status = crypto_generichash_final(typedState, &digest, outputLength)
        precondition(status == 0, "crypto_generichash_final failed")
        return digest
    }
}

/// Key pairs from seeds, signing with guarded secret bytes, base64 and guarded memory: what the
/// minisign key and signature files need.
extension Sodium {
    /// Ed25519 seed length in bytes; minisign keeps the seed as the first half of the secret key.
    static let seedBytes = Int(crypto_sign_seedbytes())

    /// Writes the secret key that `seed` determines into `secretKey` and returns the public key.
    static func seedKeyPair(
        seed: UnsafeRawBufferPointer, into secretKey: UnsafeMutableRawBufferPointer
    ) -> [UInt8] {
        initialise()
        precondition(seed.count == seedBytes && secretKey.count == secretKeyBytes)
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        let status = crypto_sign_seed_keypair(
            &publicKey, secretKey.baseAddress!.assumingMemoryBound(to: UInt8.self),
            seed.baseAddress!.assumingMemoryBound(to: UInt8.self))
        precondition(status == 0, "crypto_sign_seed_keypair failed")
        return publicKey
    }

    /// Signs with a secret key held in guarded memory, so that no array copy of it is made.
    static func sign(_ message: [UInt8], secretKey: UnsafeRawBufferPointer) -> [UInt8] {
        initialise()
        precondition(secretKey.count == secretKeyBytes)
        var signature = [UInt8](repeating: 0, count: signatureBytes)
        let status = crypto_sign_detached(
            &signature, nil, message, UInt64(message.count),
            secretKey.baseAddress!.assumingMemoryBound(to: UInt8.self))
        precondition(status == 0, "crypto_sign_detached failed")
        return signature
    }

    /// Standard padded base64 text, as bytes so that text holding a secret can be wiped.
    static func base64Encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let variant = sodium_base64_VARIANT_ORIGINAL
        let length = sodium_base64_encoded_len(bytes.count, variant)
        var text = [UInt8](repeating: 0, count: length)
        text.withUnsafeMutableBytes { text in
            let output = text.baseAddress!.assumingMemoryBound(to: CChar.self)
            let input = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            _ = sodium_bin2base64(output, length, input, bytes.count, variant)
        }
        // The encoder ends the text with a C string's zero byte, which is not part of it.
        text.removeLast()
        return text
    }

    /// Decodes padded base64 of exactly `count` bytes, or returns nil. libsodium refuses
    /// characters outside the alphabet, wrong padding and non-zero spare bits, so each byte
    /// string has exactly one accepted text.
    static func base64Decode(_ text: UnsafeRawBufferPointer, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var decodedCount = 0
        let status = bytes.withUnsafeMutableBufferPointer { bytes in
            sodium_base642bin(
                bytes.baseAddress!, count, text.baseAddress?.assumingMemoryBound(to: CChar.self),
                text.count, nil, &decodedCount, nil, sodium_base64_VARIANT_ORIGINAL)
        }
        guard status == 0, decodedCount == count else {
            wipe(&bytes)
            return nil
        }
        return bytes
    }

    /// Memory that is locked out of swap and fenced by guard pages, for a secret key.
    static func allocateGuarded(_ count: Int) -> UnsafeMutableRawBufferPointer {
        initialise()
        guard let base = sodium_malloc(count) else {
            preconditionFailure("sodium_malloc failed: out of memory")
        }
        return UnsafeMutableRawBufferPointer(start: base, count: count)
    }

    /// Wipes and releases memory from `allocateGuarded`.
    static func freeGuarded(_ buffer: UnsafeMutableRawBufferPointer) {
        sodium_free(buffer.baseAddress)
    }

    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        sodium_memzero(buffer.baseAddress, buffer.count)
    }
}
