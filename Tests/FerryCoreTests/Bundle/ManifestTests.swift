import Foundation
import Testing

@testable import FerryCore

/// Manifests that obey every rule, for tests to start from and break.
enum SampleManifest {
    static let one = Digest.of(Array("one".utf8))
    static let two = Digest.of(Array("two".utf8))
    static let three = Digest.of(Array("three".utf8))

    /// A delta from 4 to 5 with one change of each kind; "a" and "b" share payload 1.
    static var delta: Manifest {
        Manifest(
            channel: "av-bases",
            from: VersionReference(version: 4, label: "2026.11.22", tree: one),
            to: VersionReference(version: 5, label: "2026.11.29", tree: two),
            created: 1_700_000_000, expires: 1_700_086_400,
            changes: [
                Change(
                    .add, path: "a", result: FileFacts(mode: 0o644, size: 10, hash: one),
                    payload: PayloadReference(
                        member: member(1), offset: 0, length: 10, codec: .zstd)),
                Change(
                    .replace, path: "b", result: FileFacts(mode: 0o755, size: 5, hash: two),
                    before: three,
                    payload: PayloadReference(
                        member: member(1), offset: 10, length: 5, codec: .zstd)),
                Change(
                    .patch, path: "c", result: FileFacts(mode: 0o644, size: 7, hash: three),
                    before: one,
                    payload: PayloadReference(
                        member: member(2), offset: 0, length: 7, codec: .zstdPatch)),
                Change(
                    .copy, path: "d/e", result: FileFacts(mode: 0o644, size: 3, hash: one),
                    source: "x"),
                Change(.delete, path: "x", result: nil, before: one),
            ],
            payloads: [
                PayloadMember(name: member(1), size: 12, hash: one),
                PayloadMember(name: member(2), size: 6, hash: two, bases: ["c"]),
            ])
    }

    /// A full bundle of version 1 with two files, each in its own payload member.
    static var full: Manifest {
        Manifest(
            channel: "av-bases", from: nil, to: VersionReference(version: 1, label: nil, tree: one),
            created: 1_700_000_000, expires: nil,
            changes: [
                Change(
                    .add, path: "main.sigs", result: FileFacts(mode: 0o644, size: 4, hash: two),
                    payload: PayloadReference(
                        member: member(1), offset: 0, length: 4, codec: .raw)),
                Change(
                    .add, path: "rules/ü.rules",
                    result: FileFacts(mode: 0o600, size: 0, hash: three),
                    payload: PayloadReference(member: member(2), offset: 0, length: 0, codec: .gzip)
                ),
            ],
            payloads: [
                PayloadMember(name: member(1), size: 4, hash: one),
                PayloadMember(name: member(2), size: 20, hash: two),
            ])
    }

    static func member(_ index: Int) -> String { PayloadMember.name(index) }
}

@Suite struct ManifestTests {
    @Test(arguments: [SampleManifest.delta, SampleManifest.full])
    func encodedBytesDecodeToTheSameManifest(_ manifest: Manifest) throws {
        let decoded = try Manifest(decoding: manifest.encoded())
        #expect(decoded == manifest)
        #expect(decoded.encoded() == manifest.encoded())
    }

    @Test func encodingIsPlainJSONWithUTCTimes() throws {
        let bytes = SampleManifest.delta.encoded()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["format"] as? Int == 1)
        #expect(object["created"] as? String == "2023-11-14T22:13:20Z")
        #expect(object["expires"] as? String == "2023-11-15T22:13:20Z")
        #expect((object["changes"] as? [Any])?.count == 5)
    }

    @Test func fullBundleOmitsFromAndExpires() throws {
        let text = String(decoding: SampleManifest.full.encoded(), as: UTF8.self)
        #expect(!text.contains("\"from\""))
        #expect(!text.contains("\"expires\""))
        #expect(SampleManifest.full.isFull)
    }

    @Test func payloadMemberNamesHaveSixDigits() {
        #expect(PayloadMember.name(1) == "payload/000001")
        #expect(PayloadMember.name(123_456) == "payload/123456")
    }
}
