/// A BLAKE2b-256 hash, written as 64 lowercase hex digits so that `b2sum -l 256` agrees.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 hash bytes.
    public let bytes: [UInt8]

    /// Wraps 32 hash bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a BLAKE2b-256 digest is 32 bytes")
        self.bytes = bytes
    }

    /// Parses 64 lowercase hex digits, or returns nil.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex), hex == hex.lowercased() else {
            return nil
        }
        self.bytes = bytes
    }

    /// The hash of `data` in one call.
    public static func of(_ data: some Collection<UInt8>) -> Digest {
        let hasher = Hasher256()
        hasher.update(Array(data))
        return hasher.finish()
    }

    /// The hash of the bytes in `buffer`, without copying them.
    public static func of(_ buffer: UnsafeRawBufferPointer) -> Digest {
        let hasher = Hasher256()
        hasher.update(buffer)
        return hasher.finish()
    }

    /// 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The first 12 hex digits, enough to tell files apart on screen.
    public var short: String { String(hex.prefix(12)) }

    /// The full hex form.
    public var description: String { hex }

    /// Orders digests by their bytes.
    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension Digest: Codable {
    /// Decodes the hex form, refusing anything that is not exactly 64 lowercase hex digits.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a BLAKE2b-256 hash"))
        }
        self = digest
    }

    /// Encodes the hex form.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// Hashes a stream of bytes with BLAKE2b-256 as they pass.
public final class Hasher256 {
    private let state = Blake2bState(outputLength: 32)

    /// Starts an empty hash.
    public init() {}

    /// Adds bytes to the hash.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bytes)
    }

    /// Adds bytes to the hash.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { state.update($0) }
    }

    /// The digest of everything added.
    public func finish() -> Digest {
        Digest(bytes: state.finish())
    }
}

/// Lowercase hexadecimal text for byte strings.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = value(of: characters[index]),
                let low = value(of: characters[index + 1])
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
