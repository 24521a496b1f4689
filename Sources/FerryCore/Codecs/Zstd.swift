import CZstd

/// The only file that calls libzstd: streaming compression and decompression of zstd
/// frames, optionally against a prefix (old content the frames refer back to).
enum Zstd {
    /// The largest window ferry writes or accepts, 2 GiB, as `zstd --long=31`.
    static let maximumWindowLog = 31
    /// The smallest window zstd knows.
    static let minimumWindowLog = 10
    /// The largest chain table a patch is compressed with (see `reachAcrossPrefix`).
    static let maximumPatchChainLog = 27
    /// New content per frame: each frame needs a window buffer of its own size when
    /// decoded, so segments keep apply's memory at the prefix plus this much.
    static let segmentSize = 32 << 20
    /// Input large enough to be worth compressing on several threads. zstd's output with
    /// one worker or many is the same, so the choice depends on the input only.
    static let threadedSize = 4 << 20

    /// The window log a frame of ferry's needs: its prefix and one segment of new content.
    /// The decoder refuses larger windows, so a forged frame cannot make it allocate more
    /// than a genuine one would.
    static func windowLog(prefix: Int, size: Int) -> Int {
        windowLog(covering: prefix + min(size, segmentSize))
    }

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
            let name = String(cString: ZSTD_getErrorName(code))
            throw CodecError.library("zstd", "\(action): \(name)")
        }
    }
}

/// Compresses input as zstd frames of at most `Zstd.segmentSize` bytes each; with a
/// prefix, every frame may refer back into it, as `zstd --patch-from` does.
final class ZstdEncoder: StreamEncoder {
    private let context: OpaquePointer
    private let prefix: ContentBuffer?
    private let size: Int
    private var consumed = 0
    private var frameEnd = 0
    private var output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())

    /// Frames at `level` for `size` input bytes; `threads` workers for large input.
    init(level: Int, size: Int, prefix: ContentBuffer? = nil, threads: Int = 1) throws(CodecError) {
        guard let context = ZSTD_createCCtx() else { throw CodecError.outOfMemory }
        self.context = context
        self.prefix = prefix
        self.size = size
        try configure(level: level, threads: threads)
        try startFrame()
    }

    deinit {
        ZSTD_freeCCtx(context)
    }

    private func configure(level: Int, threads: Int) throws(CodecError) {
        try set(ZSTD_c_compressionLevel, Int32(level))
        // ferry hashes every payload and file itself; zstd's own checksum would add nothing.
        try set(ZSTD_c_checksumFlag, 0)
        try set(ZSTD_c_contentSizeFlag, 1)
        if size >= Zstd.threadedSize {
            try set(ZSTD_c_nbWorkers, Int32(max(threads, 1)))
        }
        let needed = Zstd.windowLog(prefix: prefix?.count ?? 0, size: size)
        if prefix != nil {
            // The window must reach back over the whole prefix for old content to be found.
            try set(ZSTD_c_windowLog, Int32(needed))
            try set(ZSTD_c_enableLongDistanceMatching, 1)
            try reachAcrossPrefix(level: level, windowLog: needed)
            // Without this, zstd's output would depend on where the prefix sits in memory.
            try set(ZSTD_c_experimentalParam15, 1)  // ZSTD_c_deterministicRefPrefix
        } else {
            // The strongest levels ask for windows far beyond one segment, which would only
            // cost the decoder memory.
            let preferred = Int(ZSTD_getCParams(Int32(level), UInt64(size), 0).windowLog)
            try set(ZSTD_c_windowLog, Int32(min(preferred, needed)))
        }
    }

    /// The binary-tree match finders of the strong levels look back only 2^(chainLog - 1)
    /// bytes, 8 MiB at level 19, and the long-distance matcher alone misses the short
    /// matches an edited record still shares with its old version further back. A chain
    /// log that spans the window made the benchmark's patches 1 to 1.5% smaller for about
    /// 15% more time; it is capped at 2^27 entries (512 MiB of pack memory).
    private func reachAcrossPrefix(level: Int, windowLog: Int) throws(CodecError) {
        let preferred = ZSTD_getCParams(Int32(level), UInt64(size), 0)
        guard preferred.strategy.rawValue >= ZSTD_btlazy2.rawValue else { return }
        let chainLog = min(windowLog, Zstd.maximumPatchChainLog)
        if chainLog > Int(preferred.chainLog) {
            try set(ZSTD_c_chainLog, Int32(chainLog))
        }
    }

    private func set(_ parameter: ZSTD_cParameter, _ value: Int32) throws(CodecError) {
        try Zstd.check(ZSTD_CCtx_setParameter(context, parameter, value), "set parameter")
    }

    /// A prefix is used for one frame only, so each frame references it again.
    private func startFrame() throws(CodecError) {
        frameEnd = min(size, consumed + Zstd.segmentSize)
        if let prefix {
            let bytes = prefix.bytes
            try Zstd.check(ZSTD_CCtx_refPrefix(context, bytes.baseAddress, bytes.count), "prefix")
        }
        try Zstd.check(
            ZSTD_CCtx_setPledgedSrcSize(context, UInt64(frameEnd - consumed)), "pledge size")
    }

    func encode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        var offset = 0
        while offset < input.count {
            let take = min(input.count - offset, frameEnd - consumed)
            guard take > 0 else { throw CodecError.tooLong("zstd", size) }
            let part = UnsafeRawBufferPointer(rebasing: input[offset..<(offset + take)])
            try run(part, end: false, sink: sink)
            offset += take
            consumed += take
            if consumed == frameEnd && consumed < size {
                try run(UnsafeRawBufferPointer(start: nil, count: 0), end: true, sink: sink)
                try startFrame()
            }
        }
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

/// A zstd decompression context. It keeps its window buffer from one payload to the next,
/// so one context can decode every member of a bundle without allocating (and faulting in)
/// a buffer the size of each member again.
final class ZstdContext {
    fileprivate let pointer: OpaquePointer

    init() throws(CodecError) {
        guard let pointer = ZSTD_createDCtx() else { throw CodecError.outOfMemory }
        self.pointer = pointer
    }

    deinit {
        ZSTD_freeDCtx(pointer)
    }
}

/// Decompresses one or more zstd frames as input arrives; each frame is decoded against
/// the prefix, if there is one.
final class ZstdDecoder: StreamDecoder {
    private let context: ZstdContext
    private let prefix: ContentBuffer?
    private var output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    private var betweenFrames = true
    private var framesDone = 0

    /// A decoder for `size` bytes of output; with `prefix`, the old content the frames
    /// were made against. It decodes in `context` when given, or in a context of its own.
    init(size: Int, prefix: ContentBuffer? = nil, context: ZstdContext? = nil) throws(CodecError) {
        if let context {
            self.context = context
        } else {
            self.context = try ZstdContext()
        }
        self.prefix = prefix
        // Whatever an earlier payload left in the context (a prefix, a half-read frame) goes.
        let reset = ZSTD_DCtx_reset(self.context.pointer, ZSTD_reset_session_and_parameters)
        try Zstd.check(reset, "reset")
        // A frame may ask for a window far beyond what its declared output needs, to make the
        // decoder allocate gigabytes; the signed sizes bound the window instead.
        let log = Zstd.windowLog(prefix: prefix?.count ?? 0, size: size)
        let limit = Int32(max(log, 20))
        try Zstd.check(
            ZSTD_DCtx_setParameter(self.context.pointer, ZSTD_d_windowLogMax, limit), "window")
    }

    func decode(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outputFull = true
        while source.pos < source.size || (outputFull && !betweenFrames) {
            if betweenFrames { try startFrame() }
            outputFull = try step(&source, into: sink)
        }
    }

    private func startFrame() throws(CodecError) {
        if let prefix {
            let bytes = prefix.bytes
            let status = ZSTD_DCtx_refPrefix(context.pointer, bytes.baseAddress, bytes.count)
            try Zstd.check(status, "prefix")
        }
        betweenFrames = false
    }

    /// One call into zstd; returns whether the output buffer filled up.
    private func step(
        _ source: inout ZSTD_inBuffer, into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Bool {
        let capacity = output.count
        var produced = 0
        try output.withUnsafeMutableBytes { buffer in
            var target = ZSTD_outBuffer(dst: buffer.baseAddress, size: capacity, pos: 0)
            let status = ZSTD_decompressStream(context.pointer, &target, &source)
            try Zstd.check(status, "decompress")
            if status == 0 {
                betweenFrames = true
                framesDone += 1
            }
            produced = target.pos
            try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<target.pos]))
        }
        return produced == capacity
    }

    func finish() throws {
        guard betweenFrames && framesDone > 0 else { throw CodecError.truncated("zstd") }
    }
}
