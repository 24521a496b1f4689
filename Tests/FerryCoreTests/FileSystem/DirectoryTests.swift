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

@Suite struct DirectorySyncTests {
    @Test(arguments: [
        ("6.1.0-18-amd64", true), ("5.8.0", true), ("5.10.0-28-cloud-amd64", true),
        ("5.7.19", false), ("4.18.0-553.el8_10.x86_64", false), ("", false), ("linux", false),
    ])
    func syncfsIsTrustedFromLinux5Point8(release: String, trusted: Bool) {
        #expect(Directory.kernel(release, isAtLeast: (5, 8)) == trusted)
    }

    /// Both ways of making staged files durable work on a folder of files whose write-out
    /// was started; what reaches the disk cannot be seen from here, only that nothing fails.
    @Test func stagedFilesCanBeMadeDurableEitherWay() throws {
        let folder = try ScratchFolder()
        let directory = try Directory.open(folder.path)
        for name in ["f1", "f2"] {
            let file = try directory.createFile(name, mode: 0o600)
            try file.write(Array(name.utf8))
            try file.startWriteback()
        }

        try directory.syncContents()
        try directory.syncEachFile()
        #expect(try directory.entries() == ["f1", "f2"])
    }
}
