import Foundation
import Testing

@testable import FerryCore

@Suite struct TargetStatusTests {
    @Test func checkFindsChangedAndMissingFiles() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        try bench.folder.write("target/daily.sigs", "edited by hand\n")
        try FileManager.default.removeItem(atPath: bench.folder.file("target/rules/a.rules"))

        let status = try bench.status()
        #expect(status.changed == ["daily.sigs"])
        #expect(status.missing == ["rules/a.rules"])
        #expect(!status.isIntact)
    }

    @Test func checkFindsAChangedMode() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o777], ofItemAtPath: bench.folder.file("target/tools/hook.sh"))
        #expect(try bench.status().changed == ["tools/hook.sh"])
    }

    @Test func statusListsBackupsKept() throws {
        let bench = try TargetBench()
        _ = try bench.apply("full1.bundle")
        _ = try bench.apply("delta12.bundle")

        let status = try bench.status()
        #expect(status.state?.version == 2)
        #expect(status.backups == [1])
        #expect(status.isIntact)
    }

    @Test func emptyTargetHasNoState() throws {
        let bench = try TargetBench()
        let status = try bench.status()
        #expect(status.state == nil)
        #expect(status.isIntact)
    }
}
