import CZlib

/// The only file that calls zlib: gzip streams, for auditors whose machines lack zstd.
enum Gzip {
    /// zlib's window bits plus 16, which selects the gzip wrapper instead of raw zlib.
    static let gzipWindowBits: Int32 = 15 + 16

    static func check(_ status: Int32, _ action: String) throws(CodecError) {
        if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
            throw CodecError.library("zlib", "\(action) failed with status \(status)")
        }
    }
}

/// Writes one gzip member as input arrives.
final class GzipEncoder: StreamEncoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 256 * 1024)

    /// A gzip member at zlib `level` (1–9). Its header carries no name and no time, so the
    /// same input always gives the same bytes.
    init(level: Int) throws(CodecError) {
        let status = deflateInit2_(
            &stream, Int32(level), Z_DEFLATED, Gzip.gzipWindowBits, 9, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        try Gzip.check(status, "deflateInit2")
    }

    deinit {
        deflateEnd(&stream)
    }

    func encode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        try run(input, flush: Z_NO_FLUSH, sink: sink)
    }

    func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, sink: sink)
    }

    private func run(
        _ input: UnsafeRawBufferPointer, flush: Int32, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        stream.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var status = Z_OK
        repeat {
            try output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                status = deflate(&stream, flush)
                try Gzip.check(status, "deflate")
                let produced = buffer.count - Int(stream.avail_out)
                try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
            }
        } while stream.avail_in > 0 || (flush == Z_FINISH && status != Z_STREAM_END)
    }
}

/// Reads one gzip member as input arrives.
final class GzipDecoder: StreamDecoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var finished = false

    /// A decoder for one gzip member.
    init() throws(CodecError) {
        let status = inflateInit2_(
            &stream, Gzip.gzipWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        try Gzip.check(status, "inflateInit2")
    }

    deinit {
        inflateEnd(&stream)
    }

    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        stream.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        if finished && input.count > 0 { throw CodecError.trailingData("gzip") }
        var outputFull = true
        // The stream can end on the very call that fills the output buffer, so the loop
        // stops at the end rather than asking for more.
        while !finished && (stream.avail_in > 0 || outputFull) {
            var produced = 0
            try output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                if status == Z_BUF_ERROR && stream.avail_in == 0 { produced = 0; return }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw CodecError.corrupt("gzip", "inflate status \(status)")
                }
                finished = status == Z_STREAM_END
                produced = buffer.count - Int(stream.avail_out)
                try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
            }
            outputFull = produced == output.count
            if finished && stream.avail_in > 0 { throw CodecError.trailingData("gzip") }
        }
    }

    func finish() throws {
        guard finished else { throw CodecError.truncated("gzip") }
    }
}
