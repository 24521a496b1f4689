/// A minisign signature: an Ed25519 signature of the BLAKE2b-512 hash of a message, and a
/// second, global signature that binds the trusted comment to the first.
public struct Signature: Sendable {
    /// The id of the key that made the signature.
    public let keyID: KeyID
    /// Text that the global signature covers, so it cannot change without notice.
    public let trustedComment: String
    /// Text that anyone may change; it is shown, never relied on.
    public let untrustedComment: String
    /// Ed25519 over the BLAKE2b-512 hash of the message.
    let signature: [UInt8]
    /// Ed25519 over `signature` followed by the trusted comment's bytes.
    let globalSignature: [UInt8]

    /// The longest trusted comment read or written, in UTF-8 bytes; minisign reads the line
    /// into an 8192-byte buffer.
    public static let trustedCommentLimit = 8000

    private static let trustedPrefix = Array("trusted comment: ".utf8)
    /// "ED": Ed25519 over a BLAKE2b-512 prehash, the only kind ferry accepts.
    private static let prehashed = Array("ED".utf8)
    /// The tag, key id and signature behind the second line.
    private static let boxCount = 2 + KeyID.count + 64
    /// Both comments at their limits, plus 228 bytes of prefixes, base64 and newlines.
    private static let fileLimit = 256 + KeyFile.commentLimit + trustedCommentLimit

    private init(
        keyID: KeyID, trustedComment: String, untrustedComment: String, signature: [UInt8],
        globalSignature: [UInt8]
    ) {
        self.keyID = keyID
        self.trustedComment = trustedComment
        self.untrustedComment = untrustedComment
        self.signature = signature
        self.globalSignature = globalSignature
    }

    /// Parses the exact four lines of a `.minisig` file. Anything else is refused, including
    /// minisign's legacy "Ed" signatures, which sign the message itself rather than its hash.
    public init(minisignText: [UInt8]) throws {
        guard minisignText.count <= Self.fileLimit else {
            throw KeyError.malformedSignature(reason: "it is far longer than a signature")
        }
        let lines = try Self.lines(of: minisignText)
        let box = try Self.decode(lines[1], count: Self.boxCount, line: 2)

        keyID = KeyID(bytes: box[2..<10])
        signature = Array(box[10...])
        untrustedComment = try Self.comment(
            lines[0], prefix: PublicKey.commentPrefix, limit: KeyFile.commentLimit, line: 1)
        trustedComment = try Self.comment(
            lines[2], prefix: Self.trustedPrefix, limit: Self.trustedCommentLimit, line: 3)
        globalSignature = try Self.decode(lines[3], count: 64, line: 4)
        try Self.checkAlgorithm(box, keyID: keyID)
    }

    /// Whether `text` can be a trusted comment: one line of valid text, no control characters
    /// but tabs, at most `trustedCommentLimit` bytes.
    public static func isValidTrustedComment(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count <= trustedCommentLimit && !bytes.contains(where: isControl)
    }

    /// Signs `message` the way `minisign -S` does. The trusted comment must pass
    /// `isValidTrustedComment`; the untrusted comment is made to fit on one line.
    public static func sign(
        _ message: [UInt8], with key: SecretKey, trustedComment: String, untrustedComment: String
    ) -> Signature {
        precondition(
            isValidTrustedComment(trustedComment),
            "a trusted comment must be one line without control characters")
        let signature = key.sign(prehash(message))
        let globalSignature = key.sign(signature + Array(trustedComment.utf8))

        return Signature(
            keyID: key.keyID, trustedComment: trustedComment,
            untrustedComment: KeyFile.commentLine(untrustedComment), signature: signature,
            globalSignature: globalSignature)
    }

    /// The four lines of a `.minisig` file, each ending with a newline.
    public var fileText: [UInt8] {
        let box = Self.prehashed + keyID.bytes + signature
        var text = PublicKey.commentPrefix + Array(untrustedComment.utf8) + [10]
        text += box.withUnsafeBytes { Sodium.base64Encode($0) } + [10]
        text += Self.trustedPrefix + Array(trustedComment.utf8) + [10]
        text += globalSignature.withUnsafeBytes { Sodium.base64Encode($0) } + [10]
        return text
    }

    /// Checks the signature of `message` with `key`: the key id first, so that a wrong key
    /// gets a clear message; then the message; then the trusted comment.
    public func verify(_ message: [UInt8], with key: PublicKey) throws {
        guard keyID == key.keyID else {
            throw KeyError.keyMismatch(signature: keyID, key: key.keyID)
        }
        guard Sodium.verify(signature, message: Self.prehash(message), publicKey: key.bytes) else {
            throw KeyError.badSignature(keyID: keyID)
        }
        let commented = signature + Array(trustedComment.utf8)
        guard Sodium.verify(globalSignature, message: commented, publicKey: key.bytes) else {
            throw KeyError.badTrustedComment(keyID: keyID)
        }
    }

    /// BLAKE2b-512 of the message: what a prehashed ("ED") signature signs.
    private static func prehash(_ message: [UInt8]) -> [UInt8] {
        let hasher = Blake2bState(outputLength: 64)
        message.withUnsafeBytes { hasher.update($0) }
        return hasher.finish()
    }

    /// Exactly four lines; the newline after the last is optional.
    private static func lines(of text: [UInt8]) throws -> [ArraySlice<UInt8>] {
        var lines = text.split(separator: 10, omittingEmptySubsequences: false)
        if lines.count == 5, lines[4].isEmpty {
            lines.removeLast()
        }
        guard lines.count == 4 else {
            throw KeyError.malformedSignature(reason: "it has \(lines.count) lines, not 4")
        }
        return lines
    }

    private static func decode(_ line: ArraySlice<UInt8>, count: Int, line number: Int) throws
        -> [UInt8]
    {
        guard let bytes = line.withUnsafeBytes({ Sodium.base64Decode($0, count: count) }) else {
            throw KeyError.malformedSignature(
                reason: "line \(number) is not the base64 of \(count) bytes")
        }
        return bytes
    }

    /// The text after `prefix`, if it is valid UTF-8 without control characters but tabs
    /// (minisign's own trusted comments hold tabs). A NUL or CR would make minisign and ferry
    /// read different comments from the same bytes.
    private static func comment(
        _ line: ArraySlice<UInt8>, prefix: [UInt8], limit: Int, line number: Int
    ) throws -> String {
        guard line.starts(with: prefix) else {
            let expected = String(decoding: prefix, as: UTF8.self)
            throw KeyError.malformedSignature(
                reason: "line \(number) does not start with \"\(expected)\"")
        }
        let text = line.dropFirst(prefix.count)
        guard text.count <= limit else {
            throw KeyError.malformedSignature(reason: "line \(number) is over \(limit) bytes")
        }
        let comment = String(validating: text, as: UTF8.self)
        guard let comment, !text.contains(where: isControl) else {
            throw KeyError.malformedSignature(
                reason: "line \(number) holds control characters or invalid UTF-8")
        }
        return comment
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 9) || byte == 0x7f
    }

    private static func checkAlgorithm(_ box: [UInt8], keyID: KeyID) throws {
        let algorithm = box.prefix(2)
        if algorithm.elementsEqual(prehashed) { return }
        if algorithm.elementsEqual(PublicKey.algorithm) {
            throw KeyError.legacySignature(keyID: keyID)
        }
        throw KeyError.malformedSignature(reason: "its algorithm is not Ed25519")
    }
}
