import Foundation
import Testing

@testable import FerryCore

@Suite struct ApplierTests {
    @Test func fullBundleInstallsTheFirstRelease() throws {
        let bench = try TargetBench()
        let report = try bench.apply("full1.bundle")

        #expect(report.outcome == .applied)
        #expect(report.previous == nil)
        #expect(try bench.installed() == bench.release("release1"))
        #expect(try bench.target().state()?.version == 1)
    }

    @Test func deltaBundleBringsTheFirstReleaseToTheSecond() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        let report = try bench.apply("delta12.bundle")

        #expect(report.outcome == .applied)
        #expect(report.previous == 1)
        #expect(report.deleted == ["rules/a.rules"])
        #expect(try bench.installed() == bench.release("release2"))
        #expect(try bench.status().isIntact)
    }

    @Test func deltaBundleUsesCopiesForRenameAndModeChange() throws {
        let bench = try TargetBench()
        let manifest = try bench.pack(from: 1, to: 2, as: "again.bundle")
        let copies = manifest.changes.filter { $0.operation == .copy }
        #expect(copies.map(\.path) == ["rules/b.rules", "tools/hook.sh"])
        #expect(copies.map(\.source) == ["rules/a.rules", "tools/hook.sh"])
        #expect(copies.allSatisfy { $0.payload == nil })
    }

    @Test func sameBundleAgainIsUpToDate() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        #expect(try bench.apply("full1.bundle").outcome == .upToDate)
        #expect(try bench.installed() == bench.release("release1"))
    }

    @Test func dryRunPlansButChangesNothing() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        let report = try bench.apply("delta12.bundle", dryRun: true)

        #expect(report.outcome == .planned)
        #expect(report.written.contains("new.sigs"))
        #expect(try bench.installed() == bench.release("release1"))
        #expect(try bench.target().state()?.version == 1)
    }

    @Test func unmanagedFileInTheWayIsRefused() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        try bench.folder.write("target/new.sigs", "someone else's file\n")
        let before = try bench.installed()

        let error = #expect(throws: TargetError.self) { _ = try bench.apply("delta12.bundle") }
        guard case .unmanagedFile = error else {
            Issue.record("expected unmanagedFile, got \(String(describing: error))")
            return
        }
        #expect(try bench.installed() == before)
        #expect(try bench.target().state()?.version == 1)
    }

    @Test func locallyChangedBaseFileIsRefused() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        try bench.folder.write("target/daily.sigs", "edited by hand\n")
        let before = try bench.installed()

        let error = #expect(throws: TargetError.self) { _ = try bench.apply("delta12.bundle") }
        guard case .changedFiles(let paths) = error else {
            Issue.record("expected changedFiles, got \(String(describing: error))")
            return
        }
        #expect(paths == ["daily.sigs"])
        #expect(try bench.installed() == before)
    }

    @Test func deltaOnAnEmptyTargetIsRefused() throws {
        let bench = try TargetBench()
        #expect(throws: TargetError.self) { _ = try bench.apply("delta12.bundle") }
        #expect(try bench.installed() == [:])
    }

    @Test func bundleSignedByAnUntrustedKeyIsRefused() throws {
        let bench = try TargetBench()
        let stranger = try KeyGenerator.generate(
            secretKeyPath: bench.folder.file("s.key"), publicKeyPath: bench.folder.file("s.pub"),
            comment: nil, passphrase: nil, force: false)
        var options = ApplyOptions(trust: TrustStore(keys: [stranger]), now: TargetBench.created)
        options.keepBackups = 3

        #expect(throws: KeyError.self) {
            _ = try Applier(target: try bench.target(), options: options)
                .apply(bench.folder.file("full1.bundle"))
        }
        #expect(try bench.installed() == [:])
    }

    @Test func successfulApplyLeavesNoStagingBehind() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        _ = try bench.apply("delta12.bundle")
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: bench.folder.file("target/.ferry/staging")) == [])
    }
}
