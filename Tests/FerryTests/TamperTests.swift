import Foundation
import Testing

/// THE TAMPER TABLE: each case makes a bad bundle or situation from a good one, then
/// `ferry apply` on a target holding version 2 must fail with the documented exit status
/// and one line on stderr, and leave the target and its state byte for byte as before, and
/// everything beside the target too. Each run has its memory capped and a watchdog, so a
/// bundle that makes ferry allocate or loop without end fails instead of hanging. The cases
/// are in this file (damaged bytes, wrong situations), TamperTests+Container.swift (the tar
/// container) and TamperTests+Forged.swift (hostile manifests signed by the trusted key).
@Suite struct TamperTests {
    /// A target at version 2 of the samples, and the good delta bundle 2 to 5 for it.
    final class Bench {
        let shop: Workshop
        let good: String

        /// A fresh copy of the template bench.
        init() throws {
            shop = try Workshop(copying: try Bench.template.get().shop)
            good = shop.folder.path("good.bundle")
        }

        private init(building: Void) throws {
            shop = try Workshop(.samples)
            Bench.templateRoot = shop.folder.root
            atexit {
                if let root = Bench.templateRoot {
                    try? FileManager.default.removeItem(atPath: root)
                }
            }
            try shop.installTarget(version: 1, upTo: 2)
            good = try shop.pack(since: 2, output: "good.bundle")
        }

        /// The bench every case copies, built once per test run (publishing, installing and
        /// packing for each of a hundred cases would take minutes).
        nonisolated(unsafe) private static let template = Result { try Bench(building: ()) }
        /// Where the template is, so that it is removed when the test process exits.
        nonisolated(unsafe) private static var templateRoot: String?

        var folder: TempFolder { shop.folder }

        /// A path that the good bundle changes or deletes, so its old content matters.
        func changedPath() throws -> String {
            let inspect = try shop.ferry(["inspect", good, "--json"])
            let changes = try Outcome.json(inspect)["changes"] as? [[String: Any]] ?? []
            let path =
                changes.first { change in
                    ["replace", "patch", "delete"].contains(change["op"] as? String ?? "")
                }?["path"] as? String
            return try #require(path, "the good bundle changes no installed file")
        }

        /// The good bundle's bytes changed by `edit`, written as `bad.bundle`.
        func edited(_ edit: (inout [UInt8]) throws -> Void) throws -> String {
            var bytes = try folder.bytes("good.bundle")
            try edit(&bytes)
            return try folder.write("bad.bundle", bytes)
        }

        /// What lies beside the target (keys, store, bundles), which apply must not touch.
        func surroundings() throws -> TreeSnapshot {
            try TreeSnapshot(of: folder.root, excluding: ["target", ".run-stdout", ".run-stderr"])
        }

        /// The good bundle with one byte of member `name`'s data flipped.
        func flipped(in name: String, at fraction: Double = 0.5) throws -> String {
            try edited { bytes in
                let member = try #require(Tar.member(name, in: bytes), "no member \(name)")
                bytes[member.dataOffset + Int(Double(member.size - 1) * fraction)] ^= 0x01
            }
        }
    }

    /// One way to spoil an update, and the exit status ferry must answer with.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The exit status; 0 only for a bundle that is already installed, which apply must
        /// answer with "already up to date", changing nothing.
        let status: Int32
        /// Whether the bundle's own bytes are bad (rather than the bundle being wrong for
        /// this target), so that `ferry verify` must refuse it too.
        var damaged = false
        /// Whether only decoding the payloads shows the fault (the bytes are exactly as
        /// signed), so that `ferry verify` needs --decode to see it; apply always decodes.
        var showsWhenDecoded = false
        /// Text the error must contain, where it shows that the attack reached the check
        /// meant to stop it (rather than failing earlier for a reason the case did not mean).
        var says: String?
        /// Makes the bad bundle (and any change to the target) and returns the bundle path.
        let make: @Sendable (Bench) throws -> String

        var testDescription: String { name }

        /// Checks ferry's answer to this case.
        func expectAnswer(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
            guard status != 0 else {
                Outcome.expectSuccess(result, sourceLocation: sourceLocation)
                #expect(
                    result.stdout.contains("already up to date"), "\(result)",
                    sourceLocation: sourceLocation)
                return
            }
            Outcome.expectError(result, status: status, sourceLocation: sourceLocation)
            // The error often quotes what the bundle holds: a name with a newline must not
            // split it, nor escape sequences rewrite the terminal it is read on.
            let text = result.stderr.unicodeScalars.dropLast(result.stderr.hasSuffix("\n") ? 1 : 0)
            #expect(
                !text.contains { $0.value < 0x20 || $0.value == 0x7f },
                "the error holds control characters: \(result.stderr.debugDescription)",
                sourceLocation: sourceLocation)
            if let says {
                #expect(result.stderr.contains(says), "\(result)", sourceLocation: sourceLocation)
            }
        }
    }

    static let verification: Int32 = 3
    static let targetState: Int32 = 4

    /// The one table: every case, by name.
    static let cases: [Case] = damagedBundles + wrongSituations + containerCases + forgedCases

    /// A case whose bundle bytes are damaged: a verification failure for apply and verify.
    static func damaged(_ name: String, _ make: @escaping @Sendable (Bench) throws -> String)
        -> Case
    {
        Case(name: name, status: verification, damaged: true, make: make)
    }

    static let damagedBundles: [Case] = [
        damaged("flipped byte in the manifest") { bench in
            try bench.flipped(in: "manifest.json")
        },
        damaged("flipped byte in the signature") { bench in
            try bench.edited { bytes in
                let member = try #require(Tar.member("manifest.json.minisig", in: bytes))
                try flipSignatureCharacter(&bytes, member: member)
            }
        },
        damaged("flipped byte in a payload") { bench in
            try bench.flipped(in: "payload/000001")
        },
        damaged("flipped byte at the end of a payload") { bench in
            try bench.flipped(in: "payload/000001", at: 1)
        },
        damaged("truncated bundle") { bench in
            try bench.edited { bytes in bytes.removeLast(bytes.count / 3) }
        },
        damaged("no signature member") { bench in
            try bench.edited { bytes in
                bytes = try #require(Tar.removing("manifest.json.minisig", from: bytes))
            }
        },
        damaged("payload member missing") { bench in
            try bench.edited { bytes in
                bytes = try #require(Tar.removing("payload/000001", from: bytes))
            }
        },
        damaged("extra member after the payloads") { bench in
            try bench.edited { bytes in
                bytes = Tar.inserting("payload/000099", data: Array("extra\n".utf8), into: bytes)
            }
        },
        damaged("junk after the tar end") { bench in
            try bench.edited { bytes in
                bytes += Array(String(repeating: "junk after the archive\n", count: 100).utf8)
            }
        },
    ]

    static let wrongSituations: [Case] = [
        Case(name: "older bundle after a newer one", status: verification) { bench in
            try bench.shop.pack(since: nil, to: 1, output: "old.bundle")
        },
        Case(name: "signed by an untrusted key", status: verification) { bench in
            try bench.shop.makeKey("stranger")
            return try bench.shop.pack(since: 2, output: "stranger.bundle", key: "stranger.key")
        },
        Case(name: "bundle for another channel", status: verification) { bench in
            let shop = bench.shop
            for (index, release) in shop.data.releases.enumerated() {
                let result = try shop.ferry([
                    "publish", "--store", "other", "--channel", "other-channel", "--label",
                    shop.data.label(index + 1), release,
                ])
                try #require(result.status == 0, "\(result)")
            }
            return try shop.pack(since: 2, output: "other.bundle", store: "other")
        },
        Case(name: "expired bundle", status: verification) { bench in
            try bench.shop.pack(
                since: 2, output: "expired.bundle", extra: ["--expires", "1h"],
                environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        },
        Case(name: "locally changed base file", status: targetState) { bench in
            try bench.folder.write("target/" + bench.changedPath(), "edited by hand\n")
            return bench.good
        },
        Case(name: "locally deleted base file", status: targetState) { bench in
            try FileManager.default.removeItem(
                atPath: bench.folder.path("target/" + bench.changedPath()))
            return bench.good
        },
        Case(name: "delta from a version that is not installed", status: targetState) { bench in
            try bench.shop.pack(since: 3, output: "from3.bundle")
        },
    ]

    /// Changes one base64 character of the signature line (the second line) to another
    /// base64 character, so the signature still parses but no longer matches.
    static func flipSignatureCharacter(_ bytes: inout [UInt8], member: TarMember) throws {
        let data = Array(bytes[member.dataOffset..<member.dataOffset + member.size])
        let lineStarts = [0] + data.indices.filter { data[$0] == 0x0A }.map { $0 + 1 }
        try #require(lineStarts.count >= 3, "the signature has fewer than two lines")
        let index = member.dataOffset + lineStarts[1] + 60
        let character = bytes[index]
        bytes[index] = character == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    }

    @Test func theGoodBundleAppliesOnTheBench() throws {
        let bench = try Bench()
        Outcome.expectSuccess(try bench.shop.apply(bench.good))
        #expect(try bench.shop.differences(release: 5) == nil)
    }

    @Test func caseNamesAreUnique() {
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    @Test(arguments: cases) func tamperedUpdateIsRefusedAndChangesNothing(_ testCase: Case) throws {
        let bench = try Bench()
        let bundle = try testCase.make(bench)
        let before = try bench.shop.snapshot()
        let around = try bench.surroundings()

        let arguments = ["apply", bundle, "--target", "target", "--trust", "k.pub"]
        testCase.expectAnswer(try Watchdog.ferry(arguments, in: bench.folder))
        let after = try bench.shop.snapshot()
        let unchanged = after == before
        #expect(unchanged, "the target changed:\n\(after.differences(from: before))")
        let aroundAfter = try bench.surroundings()
        let untouched = aroundAfter == around
        #expect(
            untouched, "files beside the target changed:\n\(aroundAfter.differences(from: around))")
    }

    @Test(arguments: cases.filter(\.damaged))
    func verifyRefusesEveryDamagedBundle(_ testCase: Case) throws {
        let bench = try Bench()
        let bundle = try testCase.make(bench)
        let decode = testCase.showsWhenDecoded ? ["--decode"] : []
        Outcome.expectError(
            try Watchdog.ferry(["verify", bundle, "--trust", "k.pub"] + decode, in: bench.folder),
            status: 3)
    }
}
