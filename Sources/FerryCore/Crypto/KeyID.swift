/// The 8-byte id that minisign gives a key pair; signatures carry it to name their key.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// The id bytes in file order.
    let bytes: [UInt8]

    /// The number of id bytes in key and signature files.
    static let count = 8

    /// Wraps 8 id bytes as they appear in a key or signature file.
    init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == KeyID.count, "a key id is 8 bytes")
        self.bytes = Array(bytes)
    }

    /// A fresh random id for a new key pair.
    static func random() -> KeyID {
        KeyID(bytes: Sodium.randomBytes(KeyID.count))
    }

    /// 16 uppercase hex digits: minisign stores the id as a little-endian number and prints
    /// that number, so the bytes appear reversed. minisign 0.11 drops leading zeros (one id in
    /// sixteen has some); ferry keeps them so that every id has the same width.
    public var description: String {
        Hex.encode(bytes.reversed()).uppercased()
    }
}
