import Foundation
import Testing

/// Faults of the machine rather than of the bundle: a full disk, a file-size limit, a read
/// error on the stick, read-only media and targets, state on another file system. Each
/// failure is one line with exit status 5 and leaves the target and its state as before;
/// what should work, works. Mounts are made in a private mount namespace that no other
/// process sees.
@Suite struct FaultTests {
    /// A workshop over made releases, version 1 installed in `target`, and the delta 1 to 2
    /// packed as `delta.bundle`; the releases must outlive the workshop's use.
    static func madeBench(_ made: MadeReleases) throws -> (Workshop, MadeReleases) {
        let shop = try Workshop(made.data)
        try shop.installTarget()
        try shop.pack(since: 1, output: "delta.bundle")
        return (shop, made)
    }

    /// The samples with version 1 installed and the delta 1 to 5 packed as `delta.bundle`.
    static func sampleBench() throws -> Workshop {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        try shop.pack(since: 1, output: "delta.bundle")
        return shop
    }

    /// The folder `relative` holds what `before` (a target snapshot) held, ignoring the lock.
    static func expectSame(
        _ relative: String, in shop: Workshop, as before: TreeSnapshot,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let after = try TreeSnapshot(of: shop.folder.path(relative), excluding: [".ferry/lock"])
        let same = after == before
        #expect(
            same, "\(relative) changed:\n\(after.differences(from: before))",
            sourceLocation: sourceLocation)
    }

    /// `ferry apply delta.bundle` with RLIMIT_FSIZE, what `ulimit -f` sets, at `bytes`.
    static func applyWithFileSizeLimit(_ bytes: Int, in shop: Workshop) throws -> RunResult {
        let binary = try #require(FerryBinary.path)
        let apply = [binary, "apply", "delta.bundle", "--target", "target", "--trust", "k.pub"]
        return try Runner.run(
            "/usr/bin/prlimit", ["--fsize=\(bytes)", "--"] + apply, in: shop.folder)
    }

    @Test func fullDiskFailsCleanlyAndApplyWorksOnceThereIsSpace() throws {
        let (shop, large) = try Self.madeBench(.large(size: 3_000_000))
        let before = try shop.snapshot()
        try MountNamespace.run(
            """
            mkdir mnt
            mount -t tmpfs -o size=2m ferry-test mnt
            cp -a target mnt/target
            run full apply delta.bundle --target mnt/target --trust k.pub
            cp -a mnt/target after-full
            mount -o remount,size=16m mnt
            run freed apply delta.bundle --target mnt/target --trust k.pub
            cp -a mnt/target after-freed
            """, in: shop.folder)

        let full = try MountNamespace.outcome("full", in: shop.folder)
        Outcome.expectError(full, status: 5)
        #expect(full.stderr.contains("No space left"), "\(full)")
        try Self.expectSame("after-full", in: shop, as: before)
        Outcome.expectSuccess(try MountNamespace.outcome("freed", in: shop.folder))
        let freed = try ReleaseComparison.differences(
            target: shop.folder.path("after-freed"), release: large.data.releases[1])
        #expect(freed == nil)
    }

    @Test func fileSizeLimitFailsCleanly() throws {
        let shop = try Self.sampleBench()
        let before = try shop.snapshot()
        // Below the size of main.sigs.
        let limited = try Self.applyWithFileSizeLimit(50_000, in: shop)

        Outcome.expectError(limited, status: 5)
        try Self.expectSame("target", in: shop, as: before)
        Outcome.expectSuccess(try shop.apply("delta.bundle"))
        #expect(try shop.differences(release: 5) == nil)
    }

    @Test func fileSizeLimitOnTheJournalLeavesNothingBehind() throws {
        let (shop, made) = try Self.madeBench(.many(count: 60))
        let before = try shop.snapshot()
        // Every staged file fits under the limit; the journal, which lists every file, does not.
        let limited = try Self.applyWithFileSizeLimit(16_000, in: shop)

        Outcome.expectError(limited, status: 5)
        #expect(limited.stderr.contains("journal"), "\(limited)")
        try Self.expectSame("target", in: shop, as: before)
        Outcome.expectSuccess(try shop.apply("delta.bundle"))
        #expect(
            try ReleaseComparison.differences(
                target: shop.folder.path("target"), release: made.data.releases[1]) == nil)
    }

    @Test func stateFolderFillingUpDuringBackupsLeavesAWholeVersion() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        try shop.pack(since: nil, to: 1, output: "full.bundle")
        try shop.pack(since: 1, output: "delta.bundle")
        // 120 kB hold the state and the journal, not the copies of the replaced files.
        try MountNamespace.run(
            """
            mkdir state
            mount -t tmpfs -o size=120k ferry-state state
            run full apply full.bundle --trust k.pub --target target --state-dir state
            run delta apply delta.bundle --trust k.pub --target target --state-dir state
            cp -a target after-delta
            run check status --check --target target --state-dir state
            mount -o remount,size=16m state
            run freed status --check --target target --state-dir state
            """, in: shop.folder)

        Outcome.expectSuccess(try MountNamespace.outcome("full", in: shop.folder))
        Outcome.expectError(try MountNamespace.outcome("delta", in: shop.folder), status: 5)
        let atOld = try ReleaseComparison.differences(
            target: shop.folder.path("after-delta"), release: shop.data.releases[0])
        let atNew = try ReleaseComparison.differences(
            target: shop.folder.path("after-delta"), release: shop.data.releases[4])
        #expect(atOld == nil || atNew == nil, "the target holds neither release: \(atOld ?? "")")
        Outcome.expectSuccess(try MountNamespace.outcome("check", in: shop.folder))
        Outcome.expectSuccess(try MountNamespace.outcome("freed", in: shop.folder))
        #expect(try shop.differences(release: 1) == nil || shop.differences(release: 5) == nil)
    }

    @Test func readErrorInAPayloadFailsCleanly() throws {
        let (shop, _) = try Self.madeBench(.large(size: 1_500_000))
        let before = try shop.snapshot()
        let bundle = URL(fileURLWithPath: shop.folder.path("delta.bundle"))
            .resolvingSymlinksInPath().path
        // libarchive reads 256 KiB at a time: the first read holds the manifest and the
        // signature, so the third read of the bundle is payload bytes only.
        let (result, calls) = try SyscallTrace.ferry(
            ["apply", bundle, "--target", "target", "--trust", "k.pub"], tracing: "read",
            options: ["-P", bundle, "-e", "inject=read:error=EIO:when=3"], in: shop.folder)

        let reads = calls.filter { $0.name == "read" && $0.path == bundle }
        try #require(reads.count >= 3, "\(reads)")
        #expect(reads[0].result == "262144" && reads[1].result == "262144", "\(reads)")
        #expect(reads[2].result.contains("EIO") && reads[2].result.contains("INJECTED"))
        #expect(result.status == 5 || result.status == 3, "\(result)")
        Outcome.expectError(result, status: result.status)
        try Self.expectSame("target", in: shop, as: before)
    }

    @Test func bundleOnAReadOnlyMediumAppliesAndTheMediumIsUnchanged() throws {
        let shop = try Self.sampleBench()
        try shop.folder.makeFolder("media")
        try FileManager.default.moveItem(
            atPath: shop.folder.path("delta.bundle"), toPath: shop.folder.path("media/delta.bundle")
        )
        let medium = try TreeSnapshot(of: shop.folder.path("media"))
        try MountNamespace.run(
            """
            mount --bind media media
            mount -o remount,bind,ro media
            if touch media/probe 2>/dev/null; then echo writable >probe; fi
            run apply apply media/delta.bundle --target target --trust k.pub
            """, in: shop.folder)

        #expect(!FileManager.default.fileExists(atPath: shop.folder.path("probe")))
        Outcome.expectSuccess(try MountNamespace.outcome("apply", in: shop.folder))
        #expect(try shop.differences(release: 5) == nil)
        #expect(try TreeSnapshot(of: shop.folder.path("media")) == medium)
    }

    @Test func readOnlyTargetFailsWithOneLine() throws {
        let shop = try Self.sampleBench()
        let before = try shop.snapshot()
        try MountNamespace.run(
            """
            mount --bind target target
            mount -o remount,bind,ro target
            run apply apply delta.bundle --target target --trust k.pub
            """, in: shop.folder)

        let result = try MountNamespace.outcome("apply", in: shop.folder)
        Outcome.expectError(result, status: 5)
        #expect(result.stderr.contains("Read-only"), "\(result)")
        try Self.expectSame("target", in: shop, as: before)
    }

    @Test func stateFolderOnAnotherFileSystemWorksWithCopiedBackups() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        try shop.pack(since: nil, to: 1, output: "full.bundle")
        try shop.pack(since: 1, output: "delta.bundle")
        let state = ["--target", "target", "--state-dir", "state"]
        let steps = ["full", "delta", "check", "rollback", "recheck"]
        try MountNamespace.run(
            """
            mkdir state
            mount -t tmpfs -o size=64m ferry-state state
            run full apply full.bundle --trust k.pub \(state.joined(separator: " "))
            run delta apply delta.bundle --trust k.pub \(state.joined(separator: " "))
            run check status --check \(state.joined(separator: " "))
            find state/backups -path '*/objects/*' -type f -exec stat -c %h {} + >links
            run rollback rollback \(state.joined(separator: " "))
            run recheck status --check \(state.joined(separator: " "))
            """, in: shop.folder)

        for step in steps {
            Outcome.expectSuccess(try MountNamespace.outcome(step, in: shop.folder))
        }
        let links = try String(contentsOfFile: shop.folder.path("links"), encoding: .utf8)
            .split(separator: "\n")
        #expect(!links.isEmpty && links.allSatisfy { $0 == "1" }, "link counts: \(links)")
        #expect(try shop.differences(release: 1) == nil)
        #expect(
            !FileManager.default.fileExists(atPath: shop.folder.path("target/.ferry/state.json")))
    }
}
