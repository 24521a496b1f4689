import Foundation
import Testing

@testable import FerryCore

/// Every input the fuzzers found (or that was crafted for what mutation cannot reach) in
/// Tests/Fuzz/crashes is refused with a thrown error, so each fixed crash stays fixed.
@Suite struct FuzzFindingsTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/crashes").path

    static let findings: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()

    @Test func thereAreFindingsToReplay() {
        #expect(!Self.findings.isEmpty, "no fuzz findings in \(Self.folder)")
    }

    @Test(arguments: findings) func findingIsRefused(_ name: String) throws {
        let path = Self.folder + "/" + name
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        if name.hasPrefix("manifest-") {
            #expect(throws: (any Error).self) { try Manifest(decoding: bytes) }
            return
        }
        if name.hasPrefix("signature-") {
            #expect(throws: (any Error).self) { try Signature(minisignText: bytes) }
            return
        }
        #expect(throws: (any Error).self) {
            let reader = try BundleReader(path: path)
            let head = try reader.readHead()
            let manifest = try Manifest(decoding: head.manifestBytes)
            try reader.readPayloads(of: manifest, into: DiscardingPayloads())
        }
    }
}
