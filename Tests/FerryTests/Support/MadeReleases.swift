import Foundation

/// Two releases made on the spot for tests that need sizes the samples do not have.
final class MadeReleases {
    let folder: TempFolder
    let data: DataSet

    init(name: String, first: [String: [UInt8]], second: [String: [UInt8]]) throws {
        folder = try TempFolder()
        for (release, files) in [("1-first", first), ("2-second", second)] {
            for (path, bytes) in files {
                try folder.makeFolder(release + "/" + (path as NSString).deletingLastPathComponent)
                try folder.write(release + "/" + path, bytes)
            }
        }
        data = DataSet(
            name: name, channel: name, releases: [folder.path("1-first"), folder.path("2-second")])
    }

    /// A small release, then the same plus `large.db`: `size` bytes that do not compress, so
    /// a bundle between them is about that large.
    static func large(size: Int) throws -> MadeReleases {
        let small: [String: [UInt8]] = [
            "main.db": Array("small database\n".utf8), "rules/a.rules": Array("rule a\n".utf8),
        ]
        return try MadeReleases(
            name: "large", first: small, second: small.merging(["large.db": noise(size)]) { $1 })
    }

    /// `count` tiny rule files, each changed in the second release, so the journal and the
    /// state record are far larger than any file.
    static func many(count: Int) throws -> MadeReleases {
        func release(_ text: String) -> [String: [UInt8]] {
            Dictionary(
                uniqueKeysWithValues: (1...count).map {
                    ("rules/rule-\($0).rules", Array("rule \($0), \(text)\n".utf8))
                })
        }
        return try MadeReleases(name: "many", first: release("first"), second: release("second"))
    }

    /// Bytes from a xorshift generator: the same every run, and incompressible.
    static func noise(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 32)
        }
    }
}
