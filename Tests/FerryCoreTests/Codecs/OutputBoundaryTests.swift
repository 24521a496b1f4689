import Testing

@testable import FerryCore

/// Content whose size is a multiple of the decoders' output buffers ends exactly when a
/// buffer fills; that is still the end of the stream, not bytes after it.
@Suite struct OutputBoundaryTests {
    @Test(arguments: [Codec.gzip, .zstd, .raw], [1 << 18, 1 << 19, 1 << 20, 3 << 18])
    func contentFillingTheLastBufferExactlyDecodes(_ codec: Codec, size: Int) throws {
        let input = [UInt8]((0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let encoded = try CodecRun.encode(codec, input)
        var produced = 0
        let output = try CodecRun.decode(codec, encoded, size: size, produced: &produced)
        #expect(output == input)
    }
}
