import Foundation
import Testing

/// apply and rollback write in the order that makes a power cut at any instant harmless,
/// as the system calls themselves show it: each staged file is made durable (its own fsync,
/// or a syncfs of the target's file system) after it is written and before it is renamed
/// into the target; the journal is fsynced and renamed into place before the target changes;
/// the folders that changed are fsynced after the renames; state.json is renamed into place
/// (from a record written and fsynced under any other name) after all of that; and the
/// journal is removed last.
@Suite struct WriteOrderTests {
    static let calls =
        "openat,write,fsync,fdatasync,syncfs,rename,renameat,renameat2,unlink,unlinkat,linkat,"
        + "mkdirat"

    @Test func applyOfADeltaMakesEachStepDurableBeforeTheNext() throws {
        let (shop, bundle) = try RecoveryTests.bench()
        let (result, calls) = try SyscallTrace.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"], tracing: Self.calls,
            in: shop.folder)
        Outcome.expectSuccess(result)
        try DurableOrder(calls, target: shop.folder.path("target")).check()
    }

    /// The checks are not vacuous: the real trace with the state record moved first, with
    /// the calls that make the staged files durable removed, or with the syncfs moved before
    /// the files are written, fails them.
    @Test func checkerCatchesAnOrderThatACrashCouldBreak() throws {
        let (shop, bundle) = try RecoveryTests.bench()
        let (result, calls) = try SyscallTrace.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"], tracing: Self.calls,
            in: shop.folder)
        Outcome.expectSuccess(result)
        let target = shop.folder.path("target")

        let record = try #require(
            calls.firstIndex { $0.name.hasPrefix("rename") && $0.paths.last == Self.record(target) }
        )
        var early = calls
        early.insert(early.remove(at: record), at: 0)
        #expect(!DurableOrder(early, target: target).problems().isEmpty)
        let unsynced = calls.filter {
            !(["fsync", "syncfs"].contains($0.name) && $0.path?.contains("/.ferry/staging") == true)
        }
        #expect(!DurableOrder(unsynced, target: target).problems().isEmpty)
        if let syncfs = calls.firstIndex(where: { $0.name == "syncfs" }) {
            var beforeWrites = calls
            beforeWrites.insert(beforeWrites.remove(at: syncfs), at: 0)
            #expect(!DurableOrder(beforeWrites, target: target).problems().isEmpty)
        }
    }

    @Test func traceParserJoinsInterruptedCallsAndResolvesFolders() {
        let log = #"""
            7 openat(3</t/.ferry>, "journal.json.tmp", O_WRONLY|O_CREAT, 0644 <unfinished ...>
            8 write(2</dev/pts/0>, ""..., 12) = 12
            7 <... openat resumed>) = 9</t/.ferry/journal.json.tmp>
            7 renameat(4</t/s, x>, "f1", 3</t>, "a \"b\".sigs") = 0
            7 fsync(9</t/.ferry/journal.json.tmp>) = -1 EIO (Input/output error)
            7 +++ exited with 0 +++
            """#
        let calls = SyscallTrace.parse(log)
        #expect(calls.map(\.name) == ["write", "openat", "renameat", "fsync"])
        #expect(calls[1].paths == ["/t/.ferry/journal.json.tmp"])
        #expect(calls[2].paths == ["/t/s, x/f1", #"/t/a \"b\".sigs"#])
        #expect(calls[1].succeeded && !calls[3].succeeded)
    }

    /// The target's own state record, as strace names it.
    static func record(_ target: String) -> String {
        URL(fileURLWithPath: target).resolvingSymlinksInPath().path + "/.ferry/state.json"
    }

    @Test func rollbackMakesEachStepDurableBeforeTheNext() throws {
        let (shop, bundle) = try RecoveryTests.bench()
        Outcome.expectSuccess(try shop.apply(bundle))
        let (result, calls) = try SyscallTrace.ferry(
            ["rollback", "--target", "target"], tracing: Self.calls, in: shop.folder)
        Outcome.expectSuccess(result)
        try DurableOrder(calls, target: shop.folder.path("target")).check()
        #expect(try shop.differences(release: 1) == nil)
    }
}

/// The order checks on one transaction's system calls; each broken rule is one problem.
struct DurableOrder {
    let calls: [Syscall]
    let target: String
    let state: String

    init(_ calls: [Syscall], target: String) {
        self.calls = calls
        self.target = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        state = self.target + "/.ferry"
    }

    /// Records every problem as a test issue.
    func check() throws {
        for problem in problems() {
            Issue.record(Comment(rawValue: problem))
        }
    }

    /// What is out of order, or nothing.
    func problems() -> [String] {
        var found = [String]()
        let changes = targetChanges()
        let placed = changes.filter { calls[$0].name.hasPrefix("rename") }
        guard !placed.isEmpty else { return ["no staged file was renamed into \(target)"] }
        for index in placed {
            found += durability(calls[index].paths[0], before: index)
        }
        guard let journal = renamed(state + "/journal.json", before: changes[0], &found),
            let record = renamed(state + "/state.json", before: nil, &found)
        else { return found }
        found += synced(state, between: journal, and: changes[0])
        let folderSyncs = foldersSynced(changes, &found)
        if record < changes.last! { found.append("state.json was renamed before the last change") }
        if record < folderSyncs {
            found.append("state.json was renamed before the folders were fsynced")
        }
        let removal = index { isUnlink($0, of: state + "/journal.json") }
        if removal.map({ $0 < record }) ?? true {
            found.append("the journal was not removed after state.json was in place")
        }
        return found
    }

    /// Indexes of the successful calls that rename into, remove from or create in the target
    /// (outside its state folder).
    private func targetChanges() -> [Int] {
        calls.indices.filter { index in
            let call = calls[index]
            guard call.succeeded, let last = call.paths.last, isInTarget(last) else { return false }
            return ["rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdirat"].contains(
                call.name)
        }
    }

    private func isInTarget(_ path: String) -> Bool {
        path.hasPrefix(target + "/") && path != state && !path.hasPrefix(state + "/")
    }

    private func synced(_ path: String, between start: Int, and end: Int) -> [String] {
        let synced = (start + 1..<max(end, start + 1)).contains { isSync(calls[$0], of: path) }
        return synced ? [] : ["\(path) is not fsynced between call \(start) and call \(end)"]
    }

    /// The journal or state record `path` is renamed into place (before call `limit`, if
    /// given) from a file that was fsynced after it was written; returns the rename's index.
    private func renamed(_ path: String, before limit: Int?, _ found: inout [String]) -> Int? {
        guard
            let rename = index(where: {
                $0.name.hasPrefix("rename") && $0.paths.count == 2 && $0.paths[1] == path
            })
        else {
            found.append("\(path) is never renamed into place")
            return nil
        }
        if let limit, rename > limit {
            found.append("\(path) is renamed into place after the target changed")
        }
        found += durability(calls[rename].paths[0], before: rename)
        return rename
    }

    /// The file at `path` was fsynced after it was last written, before call `end`; when it
    /// got its name by an earlier rename, that is followed back to where it was written.
    private func durability(_ path: String, before end: Int) -> [String] {
        let lastWrite = calls[..<end].lastIndex { $0.name == "write" && $0.path == path } ?? -1
        let named = calls[..<end].lastIndex { call in
            call.succeeded && call.name.hasPrefix("rename") && call.paths.count == 2
                && call.paths[1] == path
        }
        if let named, named > lastWrite {
            return durability(calls[named].paths[0], before: named)
        }
        return synced(path, between: lastWrite, and: end)
    }

    /// Each folder that holds a change is fsynced after its last change; returns the index of
    /// the latest of those fsyncs.
    private func foldersSynced(_ changes: [Int], _ found: inout [String]) -> Int {
        var lastChange = [String: Int]()
        for index in changes {
            lastChange[parent(calls[index].paths.last!)] = index
        }
        var latest = 0
        for (folder, change) in lastChange.sorted(by: { $0.key < $1.key }) {
            guard
                let sync = calls.indices.first(where: {
                    $0 > change && isSync(calls[$0], of: folder)
                })
            else {
                found.append("\(folder) is not fsynced after its last change")
                continue
            }
            latest = max(latest, sync)
        }
        return latest
    }

    private func index(where matches: (Syscall) -> Bool) -> Int? {
        calls.indices.first { calls[$0].succeeded && matches(calls[$0]) }
    }

    /// An fsync of the file itself, or a syncfs through any descriptor in the target, which
    /// writes out every file on its file system (each test target is on one file system).
    private func isSync(_ call: Syscall, of path: String) -> Bool {
        guard call.succeeded, let synced = call.path else { return false }
        if call.name == "syncfs" {
            return isOnTargetFileSystem(synced) && isOnTargetFileSystem(path)
        }
        return (call.name == "fsync" || call.name == "fdatasync") && synced == path
    }

    private func isOnTargetFileSystem(_ path: String) -> Bool {
        path == target || path.hasPrefix(target + "/")
    }

    private func isUnlink(_ call: Syscall, of path: String) -> Bool {
        call.name.hasPrefix("unlink") && call.path == path
    }

    private func parent(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
