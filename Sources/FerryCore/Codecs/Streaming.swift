/// Moves a file's bytes through an encoder or decoder in fixed-size chunks, so memory
/// stays flat however large the file.
enum Streaming {
    /// Bytes read per step.
    static let chunkSize = 1 << 20

    /// Calls `body` with each chunk of what is left in `file`.
    static func forEachChunk(of file: File, _ body: (UnsafeRawBufferPointer) throws -> Void) throws
    {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Encodes all of `file` into `sink`.
    static func encode(
        _ file: File, with encoder: StreamEncoder,
        into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachChunk(of: file) { try encoder.encode($0, into: sink) }
        try encoder.finish(into: sink)
    }

    /// Decodes all of `file` into `sink`.
    static func decode(
        _ file: File, with decoder: StreamDecoder,
        into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try forEachChunk(of: file) { try decoder.decode($0, into: sink) }
        try decoder.finish()
    }
}
