import Foundation
import Testing

@testable import FerryCore

@Suite struct RollbackTests {
    /// A bench with release 1 and then release 2 applied.
    static func updatedBench() throws -> TargetBench {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        _ = try bench.apply("delta12.bundle")
        return bench
    }

    @Test func rollbackRestoresThePreviousRelease() throws {
        let bench = try Self.updatedBench()
        let report = try bench.rollback()

        #expect(report.from.version == 2)
        #expect(report.to.version == 1)
        #expect(try bench.installed() == bench.release("release1"))
        #expect(try bench.status().isIntact)
    }

    @Test func reapplyAfterRollbackWorks() throws {
        let bench = try Self.updatedBench()
        _ = try bench.rollback()
        #expect(try bench.apply("delta12.bundle").outcome == .applied)
        #expect(try bench.installed() == bench.release("release2"))
    }

    @Test func rollbackWithoutBackupIsRefused() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        #expect(throws: TargetError.self) { _ = try bench.rollback() }
        #expect(try bench.installed() == bench.release("release1"))
    }

    @Test func rollbackOfAChangedFileIsRefused() throws {
        let bench = try Self.updatedBench()
        try bench.folder.write("target/daily.sigs", "edited by hand\n")
        #expect(throws: TargetError.self) { _ = try bench.rollback() }
        #expect(try bench.target().state()?.version == 2)
    }

    @Test func rollbackOnAnEmptyTargetIsRefused() throws {
        let bench = try TargetBench()
        #expect(throws: TargetError.self) { _ = try bench.rollback() }
    }
}
