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
        if name.hasPrefix("manifest-") {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(throws: (any Error).self) { try Manifest(decoding: [UInt8](bytes)) }
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
