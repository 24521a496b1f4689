import Foundation
import Testing

@testable import FerryCore

@Suite struct StockZstdTests {
    @Test func stockZstdDecodesAZstdPayload() throws {
        let folder = try ScratchFolder()
        let input = CodecRun.sample(size: 2 << 20)
        try folder.write("payload.zst", try CodecRun.encode(.zstd, input, level: 19))

        let result = try StockTool.zstd.run(["-d", "-c", "payload.zst"], in: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == input)
    }

    @Test func stockZstdAppliesAPatchWithPatchFrom() throws {
        let folder = try ScratchFolder()
        let old = CodecRun.sample(size: 400_000, seed: 3)
        let new = Array(old[0..<200_000]) + Array("inserted\n".utf8) + Array(old[200_100...])
        try folder.write("old", old)
        try folder.write("patch.zst", try CodecRun.encode(.zstdPatch, new, level: 19, prefix: old))

        let result = try StockTool.zstd.run(
            ["-d", "-c", "--patch-from=old", "patch.zst"], in: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == new)
    }

    @Test func gzipPayloadIsAPlainGzipMember() throws {
        let input = CodecRun.sample(size: 10_000)
        let encoded = try CodecRun.encode(.gzip, input)
        #expect(Array(encoded.prefix(3)) == [0x1F, 0x8B, 0x08])
    }
}
