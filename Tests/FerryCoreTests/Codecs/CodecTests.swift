import Foundation
import Testing

@testable import FerryCore

/// Runs bytes through the codec API the way pack and apply do, in 1 MiB chunks.
enum CodecRun {
    static let chunk = 1 << 20

    static func encode(
        _ codec: Codec, _ input: [UInt8], level: Int = 3, prefix: [UInt8]? = nil
    ) throws -> [UInt8] {
        let encoder = try codec.encoder(level: level, size: input.count, prefix: buffer(prefix))
        var output = [UInt8]()
        for start in stride(from: 0, to: input.count, by: chunk) {
            let part = input[start..<min(start + chunk, input.count)]
            try part.withUnsafeBytes { try encoder.encode($0) { output += $0 } }
        }
        try encoder.finish { output += $0 }
        return output
    }

    /// Old content as the codecs take it.
    static func buffer(_ bytes: [UInt8]?) -> ContentBuffer? {
        guard let bytes else { return nil }
        let buffer = ContentBuffer(capacity: bytes.count)
        bytes.withUnsafeBytes { buffer.append($0) }
        return buffer
    }

    /// Decodes `input` declared to produce `size` bytes; `produced` counts what reached the
    /// sink, even when decoding fails part way.
    static func decode(
        _ codec: Codec, _ input: [UInt8], size: Int, prefix: [UInt8]? = nil,
        context: ZstdContext? = nil, produced: inout Int
    ) throws -> [UInt8] {
        let decoder = try codec.decoder(size: size, prefix: buffer(prefix), context: context)
        var output = [UInt8]()
        for start in stride(from: 0, to: input.count, by: chunk) {
            let part = input[start..<min(start + chunk, input.count)]
            try part.withUnsafeBytes { buffer in
                try decoder.decode(buffer) { chunk in
                    produced += chunk.count
                    output += chunk
                }
            }
        }
        try decoder.finish()
        return output
    }

    static func decode(
        _ codec: Codec, _ input: [UInt8], size: Int, prefix: [UInt8]? = nil,
        context: ZstdContext? = nil
    ) throws -> [UInt8] {
        var produced = 0
        return try decode(
            codec, input, size: size, prefix: prefix, context: context, produced: &produced)
    }

    /// Text-like bytes that compress, but not to nothing: numbered lines with a little noise.
    static func sample(size: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed
        var bytes = [UInt8]()
        bytes.reserveCapacity(size + 64)
        var line = 0
        while bytes.count < size {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes += Array("signature \(line) \(state >> 40) ok\n".utf8)
            line += 1
        }
        return Array(bytes.prefix(size))
    }
}

@Suite struct CodecTests {
    static let wholeFileCodecs: [Codec] = [.raw, .zstd, .gzip]

    @Test(arguments: wholeFileCodecs) func emptyInputRoundTrips(_ codec: Codec) throws {
        let encoded = try CodecRun.encode(codec, [])
        #expect(try CodecRun.decode(codec, encoded, size: 0) == [])
    }

    @Test(arguments: wholeFileCodecs) func smallInputRoundTrips(_ codec: Codec) throws {
        let input = Array("one line of a signature database\n".utf8)
        let encoded = try CodecRun.encode(codec, input)
        #expect(try CodecRun.decode(codec, encoded, size: input.count) == input)
    }

    @Test(arguments: wholeFileCodecs) func multiMegabyteInputRoundTrips(_ codec: Codec) throws {
        let input = CodecRun.sample(size: 5 << 20 + 12_345)
        let encoded = try CodecRun.encode(codec, input)
        if codec != .raw {
            #expect(encoded.count < input.count / 2)
        }
        #expect(try CodecRun.decode(codec, encoded, size: input.count) == input)
    }

    @Test func patchRoundTripsAgainstItsPrefix() throws {
        let old = CodecRun.sample(size: 300_000, seed: 7)
        let new = Array(old[0..<150_000]) + Array("a new signature\n".utf8) + Array(old[150_000...])
        let patch = try CodecRun.encode(.zstdPatch, new, prefix: old)
        #expect(patch.count < 1000)
        #expect(try CodecRun.decode(.zstdPatch, patch, size: new.count, prefix: old) == new)
    }

    /// A bundle's members share one zstd context: what one member left in it (a prefix, a
    /// frame cut short) never reaches the next.
    @Test func oneContextDecodesMemberAfterMember() throws {
        let old = CodecRun.sample(size: 300_000, seed: 7)
        let new = Array(old[0..<150_000]) + Array("a new signature\n".utf8) + Array(old[150_000...])
        let patch = try CodecRun.encode(.zstdPatch, new, prefix: old)
        let plain = CodecRun.sample(size: 200_000, seed: 8)
        let whole = try CodecRun.encode(.zstd, plain)
        let context = try ZstdContext()

        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(
                .zstd, Array(whole.dropLast(10)), size: plain.count, context: context)
        }
        #expect(
            try CodecRun.decode(.zstdPatch, patch, size: new.count, prefix: old, context: context)
                == new)
        #expect(try CodecRun.decode(.zstd, whole, size: plain.count, context: context) == plain)
        // Without its prefix the patch refers to bytes the context no longer has.
        _ = try CodecRun.decode(.zstdPatch, patch, size: new.count, prefix: old, context: context)
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(.zstd, patch, size: new.count, context: context)
        }
    }

    @Test(arguments: [Codec.zstd, .gzip]) func decoderRefusesABomb(_ codec: Codec) throws {
        // 10 MB of zeros compresses to a few kilobytes; the manifest says 1 KB.
        let bomb = try CodecRun.encode(codec, [UInt8](repeating: 0, count: 10_000_000))
        #expect(bomb.count < 100_000)
        var produced = 0
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(codec, bomb, size: 1024, produced: &produced)
        }
        #expect(produced <= 1024)
    }

    @Test(arguments: wholeFileCodecs) func decoderRefusesShortOutput(_ codec: Codec) throws {
        let input = CodecRun.sample(size: 1000)
        let encoded = try CodecRun.encode(codec, input)
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(codec, encoded, size: 2000)
        }
    }

    @Test(arguments: [Codec.zstd, .gzip]) func decoderRefusesTrailingGarbage(_ codec: Codec) throws
    {
        let input = CodecRun.sample(size: 1000)
        let encoded = try CodecRun.encode(codec, input) + Array("garbage".utf8)
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(codec, encoded, size: input.count)
        }
    }

    @Test(arguments: [Codec.zstd, .gzip]) func decoderRefusesATruncatedStream(_ codec: Codec) throws
    {
        let input = CodecRun.sample(size: 100_000)
        let encoded = try CodecRun.encode(codec, input)
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(codec, Array(encoded.dropLast(10)), size: input.count)
        }
    }

    @Test(arguments: [Codec.zstd, .gzip]) func decoderRefusesCorruptData(_ codec: Codec) throws {
        let input = CodecRun.sample(size: 100_000)
        var encoded = try CodecRun.encode(codec, input)
        for index in stride(from: 20, to: encoded.count - 20, by: 97) {
            encoded[index] ^= 0x5A
        }
        #expect(throws: CodecError.self) {
            _ = try CodecRun.decode(codec, encoded, size: input.count)
        }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let input = CodecRun.sample(size: 200_000)
        for codec in Self.wholeFileCodecs {
            #expect(try CodecRun.encode(codec, input) == CodecRun.encode(codec, input))
        }
    }
}
