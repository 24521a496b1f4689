import Foundation
import Testing

@testable import FerryCore

@Suite struct DirectoryTests {
    @Test func entriesListsTheSameNamesEveryTime() throws {
        let folder = try ScratchFolder()
        try folder.write("b", "2")
        try folder.write("a", "1")
        let directory = try Directory.open(folder.path)

        #expect(try directory.entries() == ["a", "b"])
        #expect(try directory.entries() == ["a", "b"])
    }

    @Test func entriesSeesNamesAddedSinceTheLastListing() throws {
        let folder = try ScratchFolder()
        let directory = try Directory.open(folder.path)
        #expect(try directory.entries() == [])

        try folder.write("new", "1")
        #expect(try directory.entries() == ["new"])
    }

    @Test func openFileRefusesASymbolicLink() throws {
        let folder = try ScratchFolder()
        try folder.write("real", "secret")
        try FileManager.default.createSymbolicLink(
            atPath: folder.file("link"), withDestinationPath: folder.file("real"))
        let directory = try Directory.open(folder.path)

        #expect(throws: FileSystemError.self) { _ = try directory.openFile("link") }
        #expect(try directory.status("link")?.isSymbolicLink == true)
    }

    @Test func subdirectoryRefusesALinkedFolder() throws {
        let folder = try ScratchFolder()
        try FileManager.default.createDirectory(
            atPath: folder.file("elsewhere"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            atPath: folder.file("sub"), withDestinationPath: folder.file("elsewhere"))
        let directory = try Directory.open(folder.path)

        #expect(throws: FileSystemError.self) { _ = try directory.createFile("sub/x") }
        #expect(!folder.exists("elsewhere/x"))
    }

    @Test func removeTreeRemovesEverythingBelow() throws {
        let folder = try ScratchFolder()
        try folder.write("tree/a/b/c", "1")
        try folder.write("tree/d", "2")
        try Directory.open(folder.path).removeTree("tree")
        #expect(!folder.exists("tree"))
    }
}
