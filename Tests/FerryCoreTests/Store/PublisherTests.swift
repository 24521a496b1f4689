import Foundation
import Testing

@testable import FerryCore

@Suite struct PublisherTests {
    /// A scratch folder with a store for channel "av" and a release folder "src".
    struct Bench {
        let folder: ScratchFolder
        let store: Store

        init() throws {
            folder = try ScratchFolder()
            store = try Store.openOrCreate(folder.file("store"), channel: "av")
        }

        func publish(_ source: String = "src", label: String? = nil) throws -> Publisher.Outcome {
            try Publisher(store: store).publish(
                folder.file(source), label: label, time: 1_700_000_000)
        }

        /// The number of object files below `store/objects`.
        func objectCount() throws -> Int {
            let objects = folder.file("store/objects")
            return try FileManager.default.subpathsOfDirectory(atPath: objects).filter { path in
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(
                    atPath: objects + "/" + path, isDirectory: &isFolder)
                return exists && !isFolder.boolValue
            }.count
        }
    }

    @Test func publishingRecordsTheFolderAsVersionOne() throws {
        let bench = try Bench()
        try bench.folder.write("src/main.sigs", "main\n")
        try bench.folder.write("src/tools/hook.sh", "#!/bin/sh\n", mode: 0o755)

        guard case .published(let version, _) = try bench.publish(label: "2026.11.01") else {
            Issue.record("the first publish recorded nothing")
            return
        }
        #expect(version.version == 1)
        #expect(try bench.store.version(1).tree == version.tree)
        #expect(version.tree["tools/hook.sh"]?.mode == 0o755)
        #expect(try bench.store.version(1).label == "2026.11.01")
    }

    @Test func publishingTheSameFolderTwiceIsUnchanged() throws {
        let bench = try Bench()
        try bench.folder.write("src/main.sigs", "main\n")
        _ = try bench.publish()

        guard case .unchanged(let latest) = try bench.publish() else {
            Issue.record("the second publish of an identical folder made a version")
            return
        }
        #expect(latest.version == 1)
        #expect(try bench.store.versionNumbers() == [1])
    }

    @Test func identicalContentIsStoredOnce() throws {
        let bench = try Bench()
        try bench.folder.write("v1/a", "same\n")
        try bench.folder.write("v1/b", "first\n")
        try bench.folder.write("v2/a", "same\n")
        try bench.folder.write("v2/copy-of-a", "same\n")
        try bench.folder.write("v2/b", "second\n")
        _ = try bench.publish("v1")
        _ = try bench.publish("v2")

        #expect(try bench.store.versionNumbers() == [1, 2])
        #expect(try bench.objectCount() == 3)
    }

    @Test func publishReportsOnlyObjectsTheStoreDidNotHave() throws {
        let bench = try Bench()
        try bench.folder.write("v1/a", "same\n")
        try bench.folder.write("v2/a", "same\n")
        try bench.folder.write("v2/b", "new\n")
        _ = try bench.publish("v1")

        guard case .published(_, let newObjects) = try bench.publish("v2") else {
            Issue.record("the second publish recorded nothing")
            return
        }
        #expect(newObjects == 1)
    }

    @Test func symbolicLinkInTheSourceIsRefused() throws {
        let bench = try Bench()
        try bench.folder.write("src/main.sigs", "main\n")
        try FileManager.default.createSymbolicLink(
            atPath: bench.folder.file("src/link"), withDestinationPath: "/etc/passwd")

        let error = #expect(throws: TreeError.self) { _ = try bench.publish() }
        guard case .unsupportedFile(_, let isLink) = error else {
            Issue.record("expected unsupportedFile, got \(String(describing: error))")
            return
        }
        #expect(isLink)
        #expect(try bench.store.versionNumbers() == [])
    }

    @Test func normalisationTwinsInTheSourceAreRefused() throws {
        let bench = try Bench()
        try bench.folder.write("src/caf\u{E9}", "one\n")
        try bench.folder.write("src/cafe\u{301}", "two\n")

        #expect(throws: TreeError.self) { _ = try bench.publish() }
    }

    @Test func storedObjectsReadBackAsTheirContent() throws {
        let bench = try Bench()
        let content = CodecRun.sample(size: 300_000)
        try bench.folder.write("src/main.sigs", content)
        _ = try bench.publish()

        let entry = try #require(try bench.store.version(1).tree["main.sigs"])
        var read = [UInt8]()
        try bench.store.readObject(entry) { read += $0 }
        #expect(read == content)
    }

    @Test func storeRemembersItsChannel() throws {
        let bench = try Bench()
        #expect(try Store.open(bench.folder.file("store")).channel == "av")
        #expect(throws: StoreError.self) {
            _ = try Store.openOrCreate(bench.folder.file("store"), channel: "other")
        }
        #expect(throws: StoreError.self) {
            _ = try Store.openOrCreate(bench.folder.file("new"), channel: "bad channel")
        }
    }
}
