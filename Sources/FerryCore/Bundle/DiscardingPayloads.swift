/// Reads and checks a bundle's payloads without keeping anything (for verify and inspect).
public final class DiscardingPayloads: PayloadSink {
    /// Whether payloads are decoded and every produced file's hash checked too.
    public let decodesContent: Bool

    /// Makes a sink; `decode` false checks each payload by its size and hash only.
    public init(decode: Bool = true) {
        decodesContent = decode
    }

    /// Without the old files a patch cannot be decoded; its member is checked by hash only.
    public func prefix(for member: PayloadMember) throws -> ContentBuffer? {
        nil
    }

    /// Nothing to prepare.
    public func begin(_ change: Change, index: Int) throws {}

    /// The bytes are hashed by the reader and dropped.
    public func write(_ chunk: UnsafeRawBufferPointer) throws {}

    /// Nothing to finish.
    public func end(_ change: Change, index: Int) throws {}
}
