import Testing

@testable import FerryCore

/// Which old files a new or changed file is compressed against.
@Suite struct PayloadGroupingTests {
    static func entry(_ path: String, size: Int) -> TreeEntry {
        TreeEntry(path: path, mode: 0o644, size: size, hash: Digest.of(Array(path.utf8)))
    }

    static func add(_ path: String, size: Int) -> Change {
        Change(
            .add, path: path,
            result: FileFacts(mode: 0o644, size: size, hash: Digest.of(Array(path.utf8))))
    }

    static func delete(_ path: String) -> Change {
        Change(.delete, path: path, result: nil, before: Digest.of(Array(path.utf8)))
    }

    /// The bases of the one group that `changes` make against `old`.
    static func bases(_ changes: [Change], old: [TreeEntry]) throws -> [String] {
        let groups = PayloadGrouping.groups(for: changes, old: Tree(old))
        try #require(groups.count == 1)
        return groups[0].bases
    }

    @Test func newFileUsesTheOldFileOfTheSameName() throws {
        let old = [Self.entry("a/main.ndb", size: 900), Self.entry("b/main.ndb", size: 100)]
        #expect(try Self.bases([Self.add("c/main.ndb", size: 120)], old: old) == ["b/main.ndb"])
    }

    @Test func sameNameThatGoesAwayWinsOverCloserSize() throws {
        let old = [Self.entry("a/main.ndb", size: 900), Self.entry("b/main.ndb", size: 100)]
        let changes = [Self.add("c/main.ndb", size: 120), Self.delete("a/main.ndb")]
        #expect(try Self.bases(changes, old: old) == ["a/main.ndb"])
    }

    @Test func newFileWithANewNameUsesAnOldFileOfItsKind() throws {
        let old = [
            Self.entry("daily.hdb", size: 5000), Self.entry("main.hdb", size: 1200),
            Self.entry("main.ndb", size: 1000),
        ]
        #expect(try Self.bases([Self.add("extra.hdb", size: 1000)], old: old) == ["main.hdb"])
    }

    @Test(arguments: ["NOTES", ".profile", "notes."])
    func nameWithoutAnExtensionHasNoKind(_ name: String) throws {
        let old = [Self.entry("README", size: 10), Self.entry(".bashrc", size: 10)]
        #expect(try Self.bases([Self.add(name, size: 10)], old: old) == [])
    }
}
