/// How a payload's bytes are encoded inside the bundle.
public enum Codec: String, Codable, Sendable, CaseIterable {
    /// Stored as is.
    case raw
    /// One zstd frame of the whole content.
    case zstd
    /// One zstd frame compressed with old content as prefix (`zstd --patch-from`).
    case zstdPatch = "zstd-patch"
    /// One gzip member, for auditors without zstd.
    case gzip
}

/// Turns plain bytes into encoded bytes, chunk by chunk.
protocol StreamEncoder: AnyObject {
    /// Encodes more input, handing any output to `sink`.
    func encode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    /// Ends the stream, handing the last output to `sink`.
    func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) throws
}

/// Turns encoded bytes back into plain bytes, chunk by chunk.
protocol StreamDecoder: AnyObject {
    /// Decodes more input, handing any output to `sink`.
    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    /// Checks that the stream ended where it should.
    func finish() throws
}

/// Passes bytes through unchanged.
final class RawCoder: StreamEncoder, StreamDecoder {
    func encode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        try sink(input)
    }

    func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {}

    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        try sink(input)
    }

    func finish() throws {}
}

extension Codec {
    /// A decoder that produces exactly `size` bytes or fails; `prefix` is the old content
    /// for `zstd-patch`. zstd decodes in `context` when given (see `ZstdContext`).
    func decoder(size: Int, prefix: ContentBuffer?, context: ZstdContext? = nil) throws
        -> StreamDecoder
    {
        let inner: StreamDecoder
        switch self {
        case .raw: inner = RawCoder()
        case .zstd: inner = try ZstdDecoder(size: size, context: context)
        case .zstdPatch:
            inner = try ZstdDecoder(
                size: size, prefix: prefix ?? ContentBuffer(capacity: 0), context: context)
        case .gzip: inner = try GzipDecoder()
        }
        return BoundedDecoder(inner, size: size, codec: self)
    }

    /// An encoder for `size` bytes of input at `level`, on up to `threads` threads.
    func encoder(level: Int, size: Int, prefix: ContentBuffer?, threads: Int = 1) throws
        -> StreamEncoder
    {
        switch self {
        case .raw: return RawCoder()
        case .zstd: return try ZstdEncoder(level: level, size: size, threads: threads)
        case .zstdPatch:
            return try ZstdEncoder(
                level: level, size: size, prefix: prefix ?? ContentBuffer(capacity: 0),
                threads: threads)
        case .gzip: return try GzipEncoder(level: min(max(level, 1), 9))
        }
    }
}

/// Stops a decoder the moment it would produce more than the manifest declared, so a
/// small payload cannot expand into a disk-filling bomb, and fails if it produces less.
final class BoundedDecoder: StreamDecoder {
    private let inner: StreamDecoder
    private let size: Int
    private let codec: Codec
    private var produced = 0

    init(_ inner: StreamDecoder, size: Int, codec: Codec) {
        self.inner = inner
        self.size = size
        self.codec = codec
    }

    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        try inner.decode(input) { chunk in
            produced += chunk.count
            guard produced <= size else { throw CodecError.tooLong(codec.rawValue, size) }
            try sink(chunk)
        }
    }

    func finish() throws {
        try inner.finish()
        guard produced == size else { throw CodecError.tooShort(codec.rawValue, size, produced) }
    }
}

/// A payload could not be encoded or decoded.
public enum CodecError: FerryError {
    /// The compression library reported an error.
    case library(String, String)
    /// The encoded data is not valid.
    case corrupt(String, String)
    /// The stream ended before its end marker.
    case truncated(String)
    /// Bytes follow the end of the stream.
    case trailingData(String)
    /// The stream decodes to more than the declared size.
    case tooLong(String, Int)
    /// The stream decodes to less than the declared size.
    case tooShort(String, Int, Int)
    /// Memory for the codec could not be had.
    case outOfMemory

    /// A payload that does not decode is a verification failure: its bytes are not the
    /// ones that were signed.
    public var kind: FailureKind {
        if case .outOfMemory = self { return .io }
        return .verification
    }

    /// One sentence.
    public var description: String {
        switch self {
        case .library(let name, let detail): return "\(name) failed: \(detail)"
        case .corrupt(let name, let detail): return "the \(name) data is corrupt (\(detail))"
        case .truncated(let name): return "the \(name) data ends early"
        case .trailingData(let name): return "the \(name) data has bytes after its end"
        case .tooLong(let name, let size):
            return "the \(name) data decodes to more than the \(size) bytes the manifest declares"
        case .tooShort(let name, let size, let produced):
            return
                "the \(name) data decodes to \(produced) bytes, not the \(size) the "
                + "manifest declares"
        case .outOfMemory:
            return "not enough memory for the compressor; close other programs and retry"
        }
    }
}
