/// An Ed25519 public key with its minisign key id, read from and written to minisign's
/// `.pub` format.
public struct PublicKey: Sendable, Equatable {
    /// The id that signatures by this key carry.
    public let keyID: KeyID
    /// The 32 raw Ed25519 public key bytes.
    let bytes: [UInt8]

    /// The algorithm tag minisign puts before every key ("Ed": Ed25519).
    static let algorithm = Array("Ed".utf8)
    /// The prefix of the comment line that opens every minisign file.
    static let commentPrefix = Array("untrusted comment: ".utf8)
    /// Tag, key id and key: the bytes behind the base64 line.
    private static let encodedCount = 2 + KeyID.count + 32

    /// Pairs a key id with 32 raw public key bytes.
    init(keyID: KeyID, bytes: [UInt8]) {
        precondition(bytes.count == Sodium.publicKeyBytes, "an Ed25519 public key is 32 bytes")
        self.keyID = keyID
        self.bytes = bytes
    }

    /// Parses a minisign public key: the two lines of a `.pub` file (a trailing newline or CRLF
    /// is fine), or the bare base64 line that `minisign -P` takes.
    public init(minisignText: String) throws {
        try self.init(text: Array(minisignText.utf8), source: "the public key text")
    }

    /// Parses the key text, naming `source` (a path, usually) in errors.
    init(text: [UInt8], source: String) throws {
        guard text.count <= KeyFile.sizeLimit else {
            throw KeyError.malformedPublicKey(source: source, reason: "it is far too long")
        }
        let line = try Self.keyLine(of: text, source: source)
        let decoded = line.withUnsafeBytes { Sodium.base64Decode($0, count: Self.encodedCount) }
        guard let decoded else {
            throw KeyError.malformedPublicKey(
                source: source, reason: "its key line is not the base64 of a 42-byte key")
        }
        guard decoded.prefix(2).elementsEqual(Self.algorithm) else {
            throw KeyError.malformedPublicKey(source: source, reason: "it is not an Ed25519 key")
        }

        keyID = KeyID(bytes: decoded[2..<10])
        bytes = Array(decoded[10...])
    }

    /// Reads a minisign `.pub` file.
    public static func load(path: String) throws -> PublicKey {
        try PublicKey(text: KeyFile.readAll(path), source: path)
    }

    /// The key line alone, as `minisign -P` takes it.
    public var base64: String {
        let encoded = (Self.algorithm + keyID.bytes + bytes).withUnsafeBytes {
            Sodium.base64Encode($0)
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The two lines of a minisign `.pub` file, ending with a newline. The comment defaults
    /// to minisign's own, which shows the key id; it is made to fit on one line.
    public func fileText(comment: String?) -> String {
        let comment = KeyFile.commentLine(comment ?? "minisign public key \(keyID)")
        return "untrusted comment: \(comment)\n\(base64)\n"
    }

    /// The base64 line: the second of two lines after an untrusted comment, or the only line.
    private static func keyLine(of text: [UInt8], source: String) throws -> ArraySlice<UInt8> {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        switch lines.count {
        case 1:
            return trimmed(lines[0])
        case 2 where lines[0].starts(with: commentPrefix):
            return trimmed(lines[1])
        default:
            throw KeyError.malformedPublicKey(
                source: source,
                reason: "it should be an untrusted comment line and a key line, or a key line")
        }
    }

    /// Drops the spaces, tabs and carriage return that copying a key line tends to add.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: Set<UInt8> = [9, 13, 32]
        guard let first = line.firstIndex(where: { !blank.contains($0) }),
            let last = line.lastIndex(where: { !blank.contains($0) })
        else { return line[line.startIndex..<line.startIndex] }
        return line[first...last]
    }
}
