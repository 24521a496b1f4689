/// Reads and checks a bundle's payloads without keeping anything (for verify and inspect).
public final class DiscardingPayloads: PayloadSink {
    /// Makes a sink.
    public init() {}

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
