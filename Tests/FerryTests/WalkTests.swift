import Foundation
import Testing

/// The whole life of a channel through the built binary: publish every release, install
/// the first with a full bundle, jump to the last with one delta, roll back, and again.
@Suite struct WalkTests {
    @Test(arguments: DataSet.all) func fullBundleInstallsTheFirstRelease(_ data: DataSet) throws {
        let shop = try Workshop(data)
        try shop.folder.makeFolder("target")
        let bundle = try shop.pack(since: nil, to: 1, output: "full.bundle")

        let result = try shop.apply(bundle)
        Outcome.expectSuccess(result)
        #expect(result.stdout.contains("version 1"))
        #expect(try shop.differences(release: 1) == nil)
    }

    @Test(arguments: DataSet.all) func deltaBundleBringsTheFirstReleaseToTheLast(
        _ data: DataSet
    ) throws {
        let shop = try Workshop(data)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")

        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(try shop.differences(release: shop.latest) == nil)
        Outcome.expectSuccess(try shop.ferry(["status", "--target", "target", "--check"]))
    }

    @Test(arguments: DataSet.all) func rollbackRestoresTheFirstRelease(_ data: DataSet) throws {
        let shop = try Workshop(data)
        try shop.installTarget()
        Outcome.expectSuccess(try shop.apply(try shop.pack(since: 1, output: "delta.bundle")))

        let result = try shop.ferry(["rollback", "--target", "target"])
        Outcome.expectSuccess(result)
        #expect(try shop.differences(release: 1) == nil)
        Outcome.expectSuccess(try shop.ferry(["status", "--target", "target", "--check"]))
    }

    @Test(arguments: DataSet.all) func applyingAgainAfterRollbackReachesTheLastRelease(
        _ data: DataSet
    ) throws {
        let shop = try Workshop(data)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")
        Outcome.expectSuccess(try shop.apply(bundle))
        Outcome.expectSuccess(try shop.ferry(["rollback", "--target", "target"]))

        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(try shop.differences(release: shop.latest) == nil)
    }

    @Test func deltasOneVersionAtATimeReachEachRelease() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        for version in 2...shop.latest {
            let bundle = try shop.pack(
                since: version - 1, to: version, output: "d\(version).bundle")
            Outcome.expectSuccess(try shop.apply(bundle))
            #expect(try shop.differences(release: version) == nil, "at version \(version)")
        }
    }

    @Test func sameBundleAgainIsAlreadyUpToDate() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")
        Outcome.expectSuccess(try shop.apply(bundle))
        let before = try shop.snapshot()

        let again = try shop.apply(bundle)
        Outcome.expectSuccess(again)
        #expect(again.stdout.contains("already up to date"), "\(again)")
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }

    @Test func dryRunChangesNothing() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")
        let before = try shop.snapshot()

        let result = try shop.apply(bundle, extra: ["--dry-run"])
        Outcome.expectSuccess(result)
        #expect(result.stdout.contains("dry run"), "\(result)")
        let after = try shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
    }

    @Test func statusCheckNamesALocallyChangedFile() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        try shop.folder.write("target/main.sigs", "edited by hand\n")

        let result = try shop.ferry(["status", "--target", "target", "--check"])
        #expect(result.status == 4, "\(result)")
        #expect(result.stdout.contains("main.sigs"), "\(result)")
    }

    @Test func applyCreatesNothingOutsideTheTargetAndItsState() throws {
        let shop = try Workshop(.samples)
        try shop.folder.makeFolder("target")
        try shop.folder.write("target/local-notes.txt", "not managed by ferry\n")
        let bundle = try shop.pack(since: nil, to: 1, output: "full.bundle")

        Outcome.expectSuccess(try shop.apply(bundle))
        #expect(
            try shop.folder.bytes("target/local-notes.txt") == Array("not managed by ferry\n".utf8))
        Outcome.expectSuccess(try shop.apply(try shop.pack(since: 1, output: "delta.bundle")))
        #expect(
            try shop.folder.bytes("target/local-notes.txt") == Array("not managed by ferry\n".utf8))
    }
}
