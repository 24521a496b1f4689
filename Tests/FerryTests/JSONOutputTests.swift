import Foundation
import Testing

/// Every command's `--json` output is one JSON object on stdout that scripts can read.
@Suite struct JSONOutputTests {
    @Test func onlineCommandsPrintJSON() throws {
        let shop = try Workshop(.samples)
        let republish = try shop.ferry([
            "publish", "--store", "store", "--json", shop.data.releases[4],
        ])
        #expect(try Outcome.json(republish)["created"] as? Bool == false)

        let log = try Outcome.json(try shop.ferry(["log", "--store", "store", "--json"]))
        #expect((log["versions"] as? [Any])?.count == 5)
        #expect(log["channel"] as? String == "av-bases")

        let pack = try shop.ferry([
            "pack", "--store", "store", "--since", "1", "--secret-key", "k.key", "--output", "b",
            "--json",
        ])
        #expect(try Outcome.json(pack)["changes"] as? Int != nil)
    }

    @Test func bundleCommandsPrintJSON() throws {
        let shop = try Workshop(.samples)
        let bundle = try shop.pack(since: 1, output: "delta.bundle")

        let inspect = try Outcome.json(
            try shop.ferry(["inspect", bundle, "--trust", "k.pub", "--json"]))
        #expect((inspect["changes"] as? [Any])?.isEmpty == false)
        let verify = try Outcome.json(
            try shop.ferry(["verify", bundle, "--trust", "k.pub", "--json"]))
        #expect(verify["verified"] as? Bool == true)
    }

    @Test func offlineCommandsPrintJSON() throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        let bundle = try shop.pack(since: 1, output: "delta.bundle")

        let dryRun = try Outcome.json(try shop.apply(bundle, extra: ["--dry-run", "--json"]))
        #expect(dryRun["outcome"] as? String == "planned")
        let apply = try Outcome.json(try shop.apply(bundle, extra: ["--json"]))
        #expect(apply["outcome"] as? String == "applied")
        #expect(apply["version"] as? Int == 5)
        let again = try Outcome.json(try shop.apply(bundle, extra: ["--json"]))
        #expect(again["outcome"] as? String == "up-to-date")

        let status = try Outcome.json(
            try shop.ferry(["status", "--target", "target", "--check", "--json"]))
        #expect(status["version"] as? Int == 5)
        let rollback = try Outcome.json(
            try shop.ferry(["rollback", "--target", "target", "--json"]))
        #expect(rollback["version"] as? Int == 1)
    }
}
