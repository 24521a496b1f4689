import CZstd

/// The only file that calls libzstd: streaming compression and decompression of one frame,
/// optionally with a prefix (old content the frame refers back to).
enum Zstd {
    /// The largest window ferry writes or accepts, 2 GiB, as `zstd --long=31`.
    static let maximumWindowLog = 31
    /// The smallest window zstd knows.
    static let minimumWindowLog = 10

    /// The window log that covers `bytes` of history, clamped to zstd's limits.
    static func windowLog(covering bytes: Int) -> Int {
        var log = minimumWindowLog
        while log < maximumWindowLog && (1 << log) < bytes {
            log += 1
        }
        return log
    }

    static func check(_ code: Int, _ action: String) throws(CodecError) {
        if ZSTD_isError(code) != 0 {
            throw CodecError.library(
                "zstd", "\(action): \(String(cString: ZSTD_getErrorName(code)))")
        }
    }
}

/// Compresses one zstd frame as input arrives.
final class ZstdEncoder: StreamEncoder {
    private let context: OpaquePointer
    private let prefix: UnsafeMutableRawBufferPointer?
    private var output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())

    /// A frame at `level` for `size` input bytes; with `prefix`, matches may point into it.
    init(level: Int, size: Int, prefix: [UInt8]? = nil) throws(CodecError) {
        guard let context = ZSTD_createCCtx() else { throw CodecError.outOfMemory }
        self.context = context
        self.prefix = prefix.map(ZstdEncoder.copy)
        try configure(level: level, size: size)
    }

    deinit {
        ZSTD_freeCCtx(context)
        prefix?.deallocate()
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    private func configure(level: Int, size: Int) throws(CodecError) {
        try set(ZSTD_c_compressionLevel, Int32(level))
        // ferry hashes every payload and file itself; zstd's own checksum would add nothing.
        try set(ZSTD_c_checksumFlag, 0)
        try set(ZSTD_c_contentSizeFlag, 1)
        if let prefix {
            // The window must reach back over the whole prefix for old content to be found.
            let log = Zstd.windowLog(covering: prefix.count + size)
            try set(ZSTD_c_windowLog, Int32(log))
            try set(ZSTD_c_enableLongDistanceMatching, 1)
            try Zstd.check(ZSTD_CCtx_refPrefix(context, prefix.baseAddress, prefix.count), "prefix")
        }
        try Zstd.check(ZSTD_CCtx_setPledgedSrcSize(context, UInt64(size)), "pledge size")
    }

    private func set(_ parameter: ZSTD_cParameter, _ value: Int32) throws(CodecError) {
        try Zstd.check(ZSTD_CCtx_setParameter(context, parameter, value), "set parameter")
    }

    func encode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        try run(input, end: false, sink: sink)
    }

    func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), end: true, sink: sink)
    }

    private func run(
        _ input: UnsafeRawBufferPointer, end: Bool, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let capacity = output.count
        var remaining = 1
        while end ? remaining != 0 : source.pos < source.size {
            try output.withUnsafeMutableBytes { buffer in
                var target = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
                remaining = ZSTD_compressStream2(
                    context, &target, &source, end ? ZSTD_e_end : ZSTD_e_continue)
                try Zstd.check(remaining, "compress")
                try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<target.pos]))
            }
        }
    }
}

/// Decompresses one zstd frame as input arrives, refusing to produce more than a limit.
final class ZstdDecoder: StreamDecoder {
    private let context: OpaquePointer
    private let prefix: UnsafeMutableRawBufferPointer?
    private var output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    private var finished = false

    /// A decoder for a frame of `size` bytes of output; with `prefix`, the old content the
    /// frame was made against.
    init(size: Int, prefix: [UInt8]? = nil) throws(CodecError) {
        guard let context = ZSTD_createDCtx() else { throw CodecError.outOfMemory }
        self.context = context
        self.prefix = prefix.map { bytes in
            let buffer = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(bytes.count, 1), alignment: 16)
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
        }
        // A frame may ask for a window far beyond what its declared output needs, to make the
        // decoder allocate gigabytes; the signed sizes bound the window instead.
        let log = Zstd.windowLog(covering: (prefix?.count ?? 0) + size)
        try Zstd.check(
            ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Int32(max(log, 20))), "window")
        if let buffer = self.prefix {
            try Zstd.check(ZSTD_DCtx_refPrefix(context, buffer.baseAddress, buffer.count), "prefix")
        }
    }

    deinit {
        ZSTD_freeDCtx(context)
        prefix?.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let capacity = output.count
        var outputFull = true
        while source.pos < source.size || outputFull {
            guard !finished else { throw CodecError.trailingData("zstd") }
            var produced = 0
            try output.withUnsafeMutableBytes { buffer in
                var target = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
                let status = ZSTD_decompressStream(context, &target, &source)
                try Zstd.check(status, "decompress")
                finished = status == 0
                produced = target.pos
                try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<target.pos]))
            }
            outputFull = produced == capacity
            if finished && source.pos < source.size { throw CodecError.trailingData("zstd") }
        }
    }

    func finish() throws {
        guard finished else { throw CodecError.truncated("zstd") }
    }
}
