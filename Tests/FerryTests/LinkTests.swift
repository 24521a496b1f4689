import Foundation
import Testing

/// The target's files are reached without following links, so a link planted in the
/// target cannot send a write elsewhere.
@Suite struct LinkTests {
    @Test func linkedFolderInTheTargetIsNeverWrittenThrough() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let target = shop.folder.path("target")
        try FileManager.default.moveItem(
            atPath: target + "/rules", toPath: shop.folder.path("outside"))
        try FileManager.default.createSymbolicLink(
            atPath: target + "/rules", withDestinationPath: shop.folder.path("outside"))
        let outside = try TreeSnapshot(of: shop.folder.path("outside"))

        let result = try shop.apply(try shop.pack(since: 1, output: "delta.bundle"))
        #expect(result.status != 0, "\(result)")
        #expect(try TreeSnapshot(of: shop.folder.path("outside")) == outside)
    }

    @Test func linkWhereANewFileGoesIsRefused() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        try shop.folder.write("victim", "do not touch\n")
        try FileManager.default.createSymbolicLink(
            atPath: shop.folder.path("target/rules/ransomware.rules"),
            withDestinationPath: shop.folder.path("victim"))

        let result = try shop.apply(try shop.pack(since: 1, output: "delta.bundle"))
        Outcome.expectError(result, status: 4)
        #expect(try shop.folder.bytes("victim") == Array("do not touch\n".utf8))
    }
}
