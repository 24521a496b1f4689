import Foundation
import Testing

/// A new file may travel as a patch against an old file that the update leaves alone (one
/// with the same name elsewhere). A local edit of that base must be reported like any
/// other local edit: exit 4, naming the file, nothing changed.
@Suite struct PatchBaseTests {
    /// Two releases in `folder`: release 2 keeps README.txt, adds docs/README.txt (nearly
    /// the same text) and changes data/a.sigs.
    static func releases(in folder: TempFolder) throws -> DataSet {
        var readme = ""
        for line in 0..<2000 {
            readme += "line \(line) of the readme, checksum \(line &* 2_654_435_761 % 1_000_003)\n"
        }
        try folder.makeFolder("r1/data")
        try folder.makeFolder("r2/data")
        try folder.makeFolder("r2/docs")
        try folder.write("r1/README.txt", readme)
        try folder.write("r2/README.txt", readme)
        try folder.write(
            "r2/docs/README.txt", readme.replacingOccurrences(of: "line 5 ", with: "LINE 5 "))
        try folder.write("r1/data/a.sigs", String(repeating: "a", count: 100))
        try folder.write("r2/data/a.sigs", String(repeating: "b", count: 100))
        return DataSet(
            name: "patch-base", channel: "docs", releases: [folder.path("r1"), folder.path("r2")])
    }

    /// Every patch base the bundle's manifest names, read with the stock tar.
    static func bases(of bundle: String, in shop: Workshop) throws -> [String] {
        try shop.folder.makeFolder("extracted")
        let result = try StockTools.run(
            StockTools.tar, ["-xf", bundle, "-C", "extracted", "manifest.json"], in: shop.folder)
        try #require(result.status == 0, "\(result)")
        let data = try Data(
            contentsOf: URL(fileURLWithPath: shop.folder.path("extracted/manifest.json")))
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let members = manifest?["payloads"] as? [[String: Any]] ?? []
        return members.flatMap { $0["bases"] as? [String] ?? [] }
    }

    @Test(arguments: ["appended to", "edited in place"]) func editedBaseIsReportedAsALocalChange(
        _ how: String
    ) throws {
        let releases = try TempFolder()
        let shop = try Workshop(try Self.releases(in: releases))
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")
        try #require(try Self.bases(of: "delta.bundle", in: shop).contains("README.txt"))

        var text = try String(
            contentsOfFile: shop.folder.path("target/README.txt"), encoding: .utf8)
        text =
            how == "appended to"
            ? text + "a local note\n" : text.replacingOccurrences(of: "line 7 ", with: "LINE 7 ")
        try shop.folder.write("target/README.txt", text)
        let before = try shop.snapshot()

        let result = try shop.apply(bundle)
        Outcome.expectError(result, status: 4)
        #expect(result.stderr.contains("README.txt"), "\(result)")
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }
}
