import Testing

@testable import FerryCore

@Suite struct DeltaPlannerTests {
    static func hash(_ text: String) -> Digest { Digest.of(Array(text.utf8)) }

    static func entry(_ path: String, _ content: String, mode: UInt32 = 0o644) -> TreeEntry {
        TreeEntry(path: path, mode: mode, size: content.utf8.count, hash: hash(content))
    }

    /// The changes as short lines: "op path [<- source]".
    static func plan(_ old: [TreeEntry], _ new: [TreeEntry]) -> [String] {
        DeltaPlanner.changes(from: Tree(old), to: Tree(new)).map { change in
            let source = change.source.map { " <- \($0)" } ?? ""
            return "\(change.operation.rawValue) \(change.path)\(source)"
        }
    }

    @Test func identicalTreesNeedNoChanges() {
        let files = [Self.entry("a", "1"), Self.entry("b", "2")]
        #expect(Self.plan(files, files) == [])
    }

    @Test func newFileIsAnAdd() {
        #expect(
            Self.plan([Self.entry("a", "1")], [Self.entry("a", "1"), Self.entry("b", "2")]) == [
                "add b"
            ])
    }

    @Test func changedFileIsAReplaceExpectingItsOldHash() throws {
        let changes = DeltaPlanner.changes(
            from: Tree([Self.entry("a", "1")]), to: Tree([Self.entry("a", "2")]))
        let change = try #require(changes.first)
        #expect(changes.count == 1)
        #expect(change.operation == .replace)
        #expect(change.before == Self.hash("1"))
        #expect(change.result == FileFacts(mode: 0o644, size: 1, hash: Self.hash("2")))
    }

    @Test func missingFileIsADelete() {
        #expect(
            Self.plan([Self.entry("a", "1"), Self.entry("b", "2")], [Self.entry("a", "1")]) == [
                "delete b"
            ])
    }

    @Test func renamedFileIsACopyFromItsOldPathAndADelete() {
        #expect(
            Self.plan([Self.entry("old/name", "1")], [Self.entry("new/name", "1")])
                == ["copy new/name <- old/name", "delete old/name"])
    }

    @Test func duplicatedContentIsACopy() {
        #expect(
            Self.plan([Self.entry("a", "1")], [Self.entry("a", "1"), Self.entry("b", "1")]) == [
                "copy b <- a"
            ])
    }

    @Test func modeOnlyChangeIsACopyFromItself() throws {
        let changes = DeltaPlanner.changes(
            from: Tree([Self.entry("hook.sh", "x")]),
            to: Tree([Self.entry("hook.sh", "x", mode: 0o755)]))
        #expect(changes.map(\.operation) == [.copy])
        #expect(changes.first?.source == "hook.sh")
        #expect(changes.first?.result?.mode == 0o755)
    }

    @Test func changesAreSortedByPathBytes() {
        let old = [Self.entry("z", "1"), Self.entry("b", "1")]
        let new = [Self.entry("a", "2"), Self.entry("B", "3")]
        #expect(Self.plan(old, new) == ["add B", "add a", "delete b", "delete z"])
    }

    @Test func fromTheEmptyTreeEverythingIsAnAdd() {
        let new = [Self.entry("a", "1"), Self.entry("b", "1")]
        #expect(Self.plan([], new) == ["add a", "add b"])
    }
}
