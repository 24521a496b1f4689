import Foundation
import Testing

/// Tests/Scripts/random-kill.sh kills real applies and rollbacks with SIGKILL at
/// pseudo-random instants and checks each target afterwards. When a kill lands varies from
/// machine to machine; the verdict does not: every target must be whole.
@Suite struct RandomKillTests {
    @Test func thirtyRandomKillsLeaveNoTargetBroken() throws {
        let folder = try TempFolder()
        let script = DataSet.repository + "/Tests/Scripts/random-kill.sh"
        let binary = try #require(FerryBinary.path)
        let result = try Runner.run(
            "/bin/bash", [script, "--runs", "30", "--seed", "7", "--ferry", binary], in: folder,
            environment: ["TMPDIR": folder.root])

        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("random-kill: 30 runs, 0 broken"), "\(result)")
    }
}
