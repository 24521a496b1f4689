import Foundation
import Testing

/// Bad command lines are refused before any work, with exit status 2 and one line.
@Suite struct UsageTests {
    static let commands = [
        "keygen", "publish", "log", "pack", "inspect", "verify", "apply", "status", "rollback",
    ]

    /// A bad command line and why it is bad.
    struct Misuse: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]

        var testDescription: String { name }
    }

    static let misuses = [
        Misuse(name: "unknown command", arguments: ["frobnicate"]),
        Misuse(name: "unknown option", arguments: ["log", "--store", "store", "--colour"]),
        Misuse(name: "unknown short option", arguments: ["status", "--target", "t", "-z"]),
        Misuse(name: "verify without --trust", arguments: ["verify", "b.bundle"]),
        Misuse(name: "apply without --trust", arguments: ["apply", "b.bundle", "--target", "t"]),
        Misuse(
            name: "pack with --since and --full",
            arguments: [
                "pack", "--store", "store", "--since", "1", "--full", "--secret-key", "k.key",
                "--output", "b.bundle",
            ]),
        Misuse(
            name: "pack with neither --since nor --full",
            arguments: [
                "pack", "--store", "store", "--secret-key", "k.key", "--output", "b.bundle",
            ]),
        Misuse(
            name: "pack --level 99",
            arguments: [
                "pack", "--store", "store", "--full", "--level", "99", "--secret-key", "k.key",
                "--output", "b.bundle",
            ]),
        Misuse(
            name: "pack --expires in years",
            arguments: [
                "pack", "--store", "store", "--full", "--expires", "1y", "--secret-key", "k.key",
                "--output", "b.bundle",
            ]),
        Misuse(name: "option without its value", arguments: ["log", "--store"]),
        Misuse(name: "option given twice", arguments: ["log", "--store", "a", "--store", "b"]),
        Misuse(name: "missing positional argument", arguments: ["inspect"]),
        Misuse(name: "extra positional argument", arguments: ["inspect", "a.bundle", "b.bundle"]),
        Misuse(name: "flag with a value", arguments: ["status", "--target", "t", "--check=yes"]),
        Misuse(name: "status without --target", arguments: ["status"]),
        Misuse(name: "rollback --to zero", arguments: ["rollback", "--target", "t", "--to", "0"]),
    ]

    @Test(arguments: misuses) func misuseExitsTwoWithOneLine(_ misuse: Misuse) throws {
        let folder = try TempFolder()
        Outcome.expectError(try FerryBinary.run(misuse.arguments, in: folder), status: 2)
    }

    @Test(arguments: commands) func helpPrintsUsageAndExitsZero(_ command: String) throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run([command, "--help"], in: folder)
        Outcome.expectSuccess(result)
        #expect(result.stdout.hasPrefix("usage: ferry \(command) "), "\(result)")
        #expect(result.stderr.isEmpty)
    }

    @Test func overviewListsEveryCommand() throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run(["--help"], in: folder)
        Outcome.expectSuccess(result)
        for command in Self.commands {
            #expect(result.stdout.contains("  \(command) "), "\(command) is not listed")
        }
    }

    @Test func versionPrintsOneLine() throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run(["--version"], in: folder)
        Outcome.expectSuccess(result)
        #expect(result.stdout.wholeMatch(of: /ferry \d+\.\d+\.\d+\n/) != nil, "\(result)")
    }

    @Test func missingCommandIsAUsageError() throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run([], in: folder)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("usage: ferry"))
    }

    @Test func missingBundleIsAnIOError() throws {
        let shop = try Workshop(.samples)
        let result = try shop.ferry(["verify", "no-such.bundle", "--trust", "k.pub"])
        Outcome.expectError(result, status: 5)
    }

    @Test func missingTargetIsRefused() throws {
        let shop = try Workshop(.samples)
        let bundle = try shop.pack(since: nil, to: 1, output: "full.bundle")
        let result = try shop.apply(bundle, target: "no-such-folder")
        #expect(result.status != 0, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
    }

    @Test func publishWithABadLabelCreatesNoStore() throws {
        let folder = try TempFolder()
        let release = DataSet.samples.releases[0]
        let result = try FerryBinary.run(
            ["publish", "--store", "store", "--channel", "av", "--label", "two\nlines", release],
            in: folder)
        Outcome.expectError(result, status: 2)
        #expect(!FileManager.default.fileExists(atPath: folder.path("store")))
    }

    @Test func publishOfAMissingFolderCreatesNoStore() throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run(
            ["publish", "--store", "store", "--channel", "av", folder.path("no-such-release")],
            in: folder)
        #expect(result.status != 0, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("store")))
    }
}
