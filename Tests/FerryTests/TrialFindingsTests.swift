import Foundation
import Testing

/// Cases a first user ran into: each pins a fix.
@Suite struct TrialFindingsTests {
    /// Many changed files whose old contents exceed one block's budget of old content still
    /// make a bundle that verifies and applies (pack once signed patches whose old content
    /// was missing from their member).
    @Test func changesBeyondOneBlocksOldContentStillApply() throws {
        let count = 40
        func release(_ changed: Bool) -> [String: [UInt8]] {
            Dictionary(
                uniqueKeysWithValues: (1...count).map { index in
                    var bytes = MadeReleases.noise(900_000 + index)
                    if changed { bytes[10] ^= 0xff }
                    return ("db\(index).sigs", bytes)
                })
        }
        let made = try MadeReleases(name: "wide", first: release(false), second: release(true))
        let shop = try Workshop(made.data)
        try shop.installTarget()
        let delta = try shop.pack(since: 1, output: "delta.bundle")

        Outcome.expectSuccess(try shop.ferry(["verify", delta, "--trust", "k.pub", "--decode"]))
        Outcome.expectSuccess(try shop.apply(delta))
        #expect(try shop.differences(release: 2) == nil)
    }

    /// Large files travel in members of their own and small ones share a block; when their
    /// names interleave, the manifest still lists each member's changes together, in member
    /// order (pack once wrote such bundles in path order, which no reader accepts).
    @Test func largeAndSmallFilesInterleavedByNameStillApply() throws {
        func release(_ version: UInt8) -> [String: [UInt8]] {
            var large = MadeReleases.noise(9_000_000)
            large[5] = version
            return [
                "a.txt": Array("small \(version)\n".utf8), "b-large.db": large,
                "c.txt": Array("small too \(version)\n".utf8), "d-large.db": large.reversed(),
            ]
        }
        let made = try MadeReleases(name: "interleaved", first: release(1), second: release(2))
        let shop = try Workshop(made.data)
        try shop.folder.makeFolder("target")
        let full = try shop.pack(since: nil, to: 1, output: "full.bundle", extra: ["--level", "1"])
        let delta = try shop.pack(since: 1, output: "delta.bundle", extra: ["--level", "1"])

        Outcome.expectSuccess(try shop.apply(full))
        Outcome.expectSuccess(try shop.apply(delta))
        #expect(try shop.differences(release: 2) == nil)
    }

    /// A dry run reads every payload, so a damaged bundle fails it as it would fail apply.
    @Test func dryRunRefusesADamagedPayload() throws {
        let shop = try Workshop()
        try shop.installTarget()
        let delta = try shop.pack(since: 1, output: "delta.bundle")
        var bytes = try shop.folder.bytes("delta.bundle")
        bytes[bytes.count - 1024 - 700] ^= 0x40
        try shop.folder.write("damaged.bundle", bytes)
        let before = try shop.snapshot()

        let result = try shop.apply(
            delta.replacingOccurrences(of: "delta", with: "damaged"), extra: ["--dry-run"])
        Outcome.expectError(result, status: 3)
        #expect(try shop.snapshot() == before)
    }

    /// verify refuses a bundle that apply would refuse as expired.
    @Test func verifyRefusesAnExpiredBundle() throws {
        let shop = try Workshop()
        let bundle = try shop.pack(
            since: nil, output: "old.bundle", extra: ["--expires", "1d"],
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let result = try shop.ferry(["verify", bundle, "--trust", "k.pub"])
        Outcome.expectError(result, status: 3)
        #expect(result.stderr.contains("expired"))
    }

    /// status and rollback on a folder ferry never installed into leave it untouched.
    @Test func lookingAtAnEmptyFolderLeavesItEmpty() throws {
        let shop = try Workshop()
        try shop.folder.makeFolder("empty")

        Outcome.expectSuccess(try shop.ferry(["status", "--target", "empty"]))
        Outcome.expectError(try shop.ferry(["rollback", "--target", "empty"]), status: 4)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: shop.folder.path("empty")) == [])
    }

    /// A first apply that fails leaves the empty target as it found it.
    @Test func failedFirstApplyLeavesTheFolderEmpty() throws {
        let shop = try Workshop()
        try shop.folder.makeFolder("target")
        let delta = try shop.pack(since: 1, output: "delta.bundle")

        Outcome.expectError(try shop.apply(delta), status: 4)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: shop.folder.path("target")) == [])
    }

    /// From a folder holding a damaged bundle that would be the shortest chain and an intact
    /// longer chain, apply takes the intact one.
    @Test func aDamagedShortcutInAFolderIsPassedOver() throws {
        let shop = try Workshop()
        try shop.installTarget()
        try shop.folder.makeFolder("stick")
        try shop.pack(since: 1, to: 3, output: "stick/a-1-3.bundle")
        try shop.pack(since: 3, output: "stick/b-3-last.bundle")
        let shortcut = try shop.pack(since: 1, output: "stick/c-1-last.bundle")
        var bytes = try shop.folder.bytes("stick/c-1-last.bundle")
        bytes[bytes.count - 1024 - 700] ^= 0x40
        try shop.folder.write("stick/c-1-last.bundle", bytes)

        let result = try shop.apply(shop.folder.path("stick"))
        Outcome.expectSuccess(result)
        #expect(result.stderr.contains(shortcut))
        #expect(try shop.differences(release: shop.latest) == nil)
    }

    /// pack writes under a temporary name and renames it over --output, so it once replaced
    /// /dev/null, a pipe or a link given as --output. It refuses them and leaves them be; a
    /// regular file is still replaced.
    @Test(arguments: ["pipe", "symbolic link"])
    func packRefusesAnOutputThatIsNotAFile(_ kind: String) throws {
        let shop = try Workshop()
        let path = shop.folder.path("out")
        if kind == "pipe" {
            try #require(mkfifo(path, 0o644) == 0)
        } else {
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "k.pub")
        }
        let arguments = [
            "pack", "--store", "store", "--secret-key", "k.key", "--full", "--output", "out",
        ]

        let result = try shop.ferry(arguments)
        Outcome.expectError(result, status: 2)
        #expect(result.stderr.contains("out is a \(kind)"), "\(result)")
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect((info.st_mode & S_IFMT) == (kind == "pipe" ? S_IFIFO : S_IFLNK))

        _ = try shop.folder.write("regular", "old bytes")
        Outcome.expectSuccess(try shop.ferry(Array(arguments.dropLast()) + ["regular"]))
    }

    /// pack also once renamed its bundle over its own secret key or a file of the store
    /// when --output named one; the file is left as it was.
    @Test(arguments: ["k.key", "store/store.json", "store/a-new-file"])
    func packRefusesToWriteOverItsOwnInputs(_ output: String) throws {
        let shop = try Workshop()
        let before = try? shop.folder.bytes(output)

        let result = try shop.ferry([
            "pack", "--store", "store", "--secret-key", "k.key", "--full", "--output", output,
        ])
        Outcome.expectError(result, status: 2)
        #expect((try? shop.folder.bytes(output)) == before)
    }
}
