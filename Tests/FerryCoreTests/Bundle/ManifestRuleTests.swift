import Foundation
import Testing

@testable import FerryCore

@Suite struct ManifestRuleTests {
    /// One way to break a good manifest, either in the model or in its JSON text.
    struct Violation: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: @Sendable () -> [UInt8]

        var testDescription: String { name }

        /// Breaks a copy of `start` in the model, then encodes it.
        init(
            _ name: String, from start: Manifest = SampleManifest.delta,
            _ edit: @escaping @Sendable (inout Manifest) -> Void
        ) {
            self.name = name
            bytes = {
                var manifest = start
                edit(&manifest)
                return manifest.encoded()
            }
        }

        /// Edits the JSON object of `start`'s encoded text, so that the case does not depend
        /// on how ferry lays the text out.
        init(
            _ name: String, from start: Manifest = SampleManifest.delta,
            json edit: @escaping @Sendable (inout [String: Any]) -> Void
        ) {
            self.name = name
            bytes = {
                let parsed = try? JSONSerialization.jsonObject(with: Data(start.encoded()))
                var object = parsed as? [String: Any] ?? [:]
                edit(&object)
                let data = try? JSONSerialization.data(withJSONObject: object)
                return Array(data ?? Data())
            }
        }

        /// Gives `bytes` instead of the manifest.
        init(_ name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = { bytes }
        }
    }

    /// Sets `key` of the object at `index` of the array `list` in `object`.
    static func set(
        _ object: inout [String: Any], _ list: String, _ index: Int, _ key: String, _ value: Any?
    ) {
        var array = object[list] as? [[String: Any]] ?? []
        array[index][key] = value
        object[list] = array
    }

    static let one = SampleManifest.one

    static let violations: [Violation] = [
        Violation("not JSON", bytes: Array("format: 1\n".utf8)),
        Violation("a JSON array", bytes: Array("[1, 2]".utf8)),
        Violation("empty", bytes: []),
        Violation("unknown format") { $0.format = 2 },
        Violation("channel with a space") { $0.channel = "av bases" },
        Violation("empty channel") { $0.channel = "" },
        Violation("channel starting with a dot") { $0.channel = ".av" },
        Violation("from equal to to") { $0.from?.version = 5 },
        Violation("from newer than to") { $0.from?.version = 6 },
        Violation("version zero", from: SampleManifest.full) { $0.to.version = 0 },
        Violation("label with a newline") { $0.to.label = "2026\n11" },
        Violation("duplicate path") { $0.changes[3].path = "a" },
        Violation("NFC and NFD twins") {
            $0.changes[0].path = "caf\u{E9}"
            $0.changes[3].path = "cafe\u{301}"
        },
        Violation("path with a parent component") { $0.changes[0].path = "../a" },
        Violation("absolute path") { $0.changes[0].path = "/etc/cron.d/x" },
        Violation("path inside the state folder") { $0.changes[0].path = ".ferry/state.json" },
        Violation("copy source with a parent component") { $0.changes[3].source = "../x" },
        Violation("delete with a payload") {
            $0.changes[4].payload = PayloadReference(
                member: SampleManifest.member(3), offset: 0, length: 0, codec: .raw)
            $0.payloads.append(PayloadMember(name: SampleManifest.member(3), size: 0, hash: one))
        },
        Violation("delete with file facts") {
            $0.changes[4].result = FileFacts(mode: 0o644, size: 1, hash: one)
        },
        Violation("delete without before") { $0.changes[4].before = nil },
        Violation("add in a delta without payload") { $0.changes[0].payload = nil },
        Violation("add with before") { $0.changes[0].before = one },
        Violation("replace without before") { $0.changes[1].before = nil },
        Violation("copy without source") { $0.changes[3].source = nil },
        Violation("copy with a payload") {
            $0.changes[3].payload = PayloadReference(
                member: SampleManifest.member(3), offset: 0, length: 3, codec: .raw)
            $0.payloads.append(PayloadMember(name: SampleManifest.member(3), size: 3, hash: one))
        },
        Violation("source on an add") { $0.changes[0].source = "x" },
        Violation("patch without zstd-patch codec") { $0.changes[2].payload?.codec = .zstd },
        Violation("zstd-patch codec on a replace") { $0.changes[1].payload?.codec = .zstdPatch },
        Violation("full bundle with a replace", from: SampleManifest.full) {
            $0.changes[0].operation = .replace
            $0.changes[0].before = one
        },
        Violation("full bundle with a delete", from: SampleManifest.full) {
            $0.changes[1] = Change(.delete, path: "rules/ü.rules", result: nil, before: one)
            $0.payloads.removeLast()
        },
        Violation("payload members out of order") { $0.payloads.swapAt(0, 1) },
        Violation("changes use members out of order") {
            $0.changes[2].payload?.member = SampleManifest.member(1)
            $0.changes[0].payload?.member = SampleManifest.member(2)
            $0.changes[1].payload?.member = SampleManifest.member(2)
        },
        Violation("payload member unused") {
            $0.payloads.append(PayloadMember(name: SampleManifest.member(3), size: 1, hash: one))
        },
        Violation("payload member that does not exist") {
            $0.changes[2].payload?.member = SampleManifest.member(3)
        },
        Violation("non-contiguous offsets") { $0.changes[1].payload?.offset = 11 },
        Violation("overlapping offsets") { $0.changes[1].payload?.offset = 9 },
        Violation("later member not starting at zero") { $0.changes[2].payload?.offset = 1 },
        Violation("codec changing within a member") { $0.changes[1].payload?.codec = .gzip },
        Violation("payload length not the file size") { $0.changes[0].payload?.length = 9 },
        Violation("negative size") {
            $0.changes[3].result = FileFacts(mode: 0o644, size: -1, hash: one)
        },
        Violation("negative member size") { $0.payloads[1].size = -6 },
        Violation("mode with set-uid bit") { set(&$0, "changes", 1, "mode", "4755") },
        Violation("mode as a number") { set(&$0, "changes", 1, "mode", 493) },
        Violation("mode without size") { set(&$0, "changes", 3, "size", nil) },
        Violation("bad created time") { $0["created"] = "2023-11-14 22:13:20" },
        Violation("created time with an offset") { $0["created"] = "2023-11-14T22:13:20+00:00" },
        Violation("impossible expires time") { $0["expires"] = "2023-02-30T00:00:00Z" },
        Violation("created as a number") { $0["created"] = 1_700_000_000 },
        Violation("created before 1970") { $0.created = -1 },
        Violation("expires equal to created") { $0.expires = $0.created },
        Violation("expires before created") { $0.expires = $0.created - 60 },
        Violation("uppercase hash") {
            set(&$0, "changes", 0, "hash", SampleManifest.one.hex.uppercased())
        },
        Violation("short hash") {
            set(&$0, "changes", 0, "hash", String(SampleManifest.one.hex.prefix(63)))
        },
        Violation("unknown operation") { set(&$0, "changes", 3, "op", "move") },
        Violation("unknown codec") {
            var changes = $0["changes"] as? [[String: Any]] ?? []
            var payload = changes[2]["payload"] as? [String: Any] ?? [:]
            payload["codec"] = "xz"
            changes[2]["payload"] = payload
            $0["changes"] = changes
        },
        Violation("missing channel") { $0["channel"] = nil },
        Violation("missing to") { $0["to"] = nil },
        Violation("missing changes") { $0["changes"] = nil },
        Violation("patch member without bases") { $0.payloads[1].bases = nil },
        Violation("patch member with empty bases") { $0.payloads[1].bases = [] },
        Violation("patched path not among the bases") { $0.payloads[1].bases = ["x"] },
        Violation("base named twice") { $0.payloads[1].bases = ["c", "c"] },
        Violation("base with a parent component") { $0.payloads[1].bases = ["c", "../c"] },
        Violation("bases on a whole-content member") { $0.payloads[0].bases = ["b"] },
        Violation("bases in a full bundle", from: SampleManifest.full) {
            $0.payloads[0].bases = ["main.sigs"]
        },
    ]

    @Test func theStartingManifestsAreValid() throws {
        _ = try Manifest(decoding: SampleManifest.delta.encoded())
        _ = try Manifest(decoding: SampleManifest.full.encoded())
    }

    @Test(arguments: violations) func violationIsRefused(_ violation: Violation) {
        #expect(throws: ManifestError.self) {
            _ = try Manifest(decoding: violation.bytes())
        }
    }

    @Test func oversizedManifestIsRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: 0x20, count: Manifest.maximumSize + 1)
        let error = #expect(throws: ManifestError.self) {
            _ = try Manifest(decoding: bytes)
        }
        guard case .tooLarge = error else {
            Issue.record("expected tooLarge, got \(String(describing: error))")
            return
        }
    }
}
