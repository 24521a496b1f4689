import Foundation

extension Manifest {
    /// The exact bytes that are signed and stored as `manifest.json`.
    public func encoded() -> [UInt8] {
        let text = JSONText.object([
            ("format", .integer(format)),
            ("channel", .string(channel)),
            ("from", from.map(\.json)),
            ("to", to.json),
            ("created", .string(Timestamp.format(created))),
            ("expires", expires.map { .string(Timestamp.format($0)) }),
            ("changes", .array(changes.map(\.json))),
            ("payloads", .array(payloads.map(Manifest.json))),
        ])
        return Array(text.rendered().utf8)
    }

    fileprivate static func json(_ reference: PayloadReference) -> JSONText {
        .object([
            ("member", .string(reference.member)),
            ("offset", .integer(reference.offset)),
            ("length", .integer(reference.length)),
            ("codec", .string(reference.codec.rawValue)),
        ])
    }

    private static func json(_ member: PayloadMember) -> JSONText {
        .object([
            ("member", .string(member.name)),
            ("size", .integer(member.size)),
            ("hash", .string(member.hash.hex)),
            ("bases", member.bases.map { .array($0.map { .string($0) }) }),
        ])
    }
}

extension Manifest {
    /// The largest manifest accepted, so a hostile bundle cannot exhaust memory with one.
    public static let maximumSize = 64 << 20

    /// Parses manifest bytes and checks every rule of the format; throws a
    /// `ManifestError` naming the first broken rule.
    public init(decoding bytes: [UInt8]) throws(ManifestError) {
        guard bytes.count <= Manifest.maximumSize else { throw .tooLarge(bytes.count) }
        let wire: WireManifest
        do {
            wire = try JSONDecoder().decode(WireManifest.self, from: Data(bytes))
        } catch {
            throw .malformed(ManifestError.describe(error))
        }
        self = try wire.manifest()
        try ManifestRules.check(self)
    }
}

/// The manifest's JSON shape, decoded strictly before it becomes a `Manifest`.
private struct WireManifest: Decodable {
    struct Reference: Decodable {
        let version: Int
        let label: String?
        let tree: Digest
    }

    struct WireChange: Decodable {
        let op: Operation
        let path: String
        let source: String?
        let mode: String?
        let size: Int?
        let hash: Digest?
        let before: Digest?
        let payload: WirePayload?
    }

    struct WirePayload: Decodable {
        let member: String
        let offset: Int
        let length: Int
        let codec: Codec
    }

    struct WireMember: Decodable {
        let member: String
        let size: Int
        let hash: Digest
        let bases: [String]?
    }

    let format: Int
    let channel: String
    let from: Reference?
    let to: Reference
    let created: String
    let expires: String?
    let changes: [WireChange]
    let payloads: [WireMember]

    func manifest() throws(ManifestError) -> Manifest {
        guard format == Manifest.currentFormat else { throw .unsupportedFormat(format) }
        guard let createdTime = Timestamp.parse(created) else { throw .badTime("created", created) }
        var expiresTime: Int?
        if let expires {
            guard let time = Timestamp.parse(expires) else { throw .badTime("expires", expires) }
            expiresTime = time
        }
        var manifest = Manifest(
            channel: channel, from: from.map(reference), to: reference(to), created: createdTime,
            expires: expiresTime, changes: [], payloads: payloads.map(member))
        for change in changes {
            manifest.changes.append(try self.change(change))
        }
        return manifest
    }

    private func reference(_ wire: Reference) -> VersionReference {
        VersionReference(version: wire.version, label: wire.label, tree: wire.tree)
    }

    private func member(_ wire: WireMember) -> PayloadMember {
        PayloadMember(name: wire.member, size: wire.size, hash: wire.hash, bases: wire.bases)
    }

    private func change(_ wire: WireChange) throws(ManifestError) -> Change {
        var result: FileFacts?
        switch (wire.mode, wire.size, wire.hash) {
        case (nil, nil, nil): result = nil
        case (let mode?, let size?, let hash?):
            guard let bits = FileMode.parse(mode) else {
                throw .badChange(wire.path, "mode \(mode) is not valid")
            }
            result = FileFacts(mode: bits, size: size, hash: hash)
        default: throw .badChange(wire.path, "needs all of mode, size and hash, or none")
        }
        let payload = wire.payload.map {
            PayloadReference(
                member: $0.member, offset: $0.offset, length: $0.length, codec: $0.codec)
        }
        return Change(
            wire.op, path: wire.path, result: result, before: wire.before, source: wire.source,
            payload: payload)
    }
}

extension VersionReference {
    /// The form a manifest gives a version: number, label, tree hash.
    public var json: JSONText {
        .object([
            ("version", .integer(version)),
            ("label", label.map { .string($0) }),
            ("tree", .string(tree.hex)),
        ])
    }
}

extension Change {
    /// The form a manifest gives a change.
    public var json: JSONText {
        .object([
            ("op", .string(operation.rawValue)),
            ("path", .string(path)),
            ("source", source.map { .string($0) }),
            ("mode", result.map { .string(FileMode.format($0.mode)) }),
            ("size", result.map { .integer($0.size) }),
            ("hash", result.map { .string($0.hash.hex) }),
            ("before", before.map { .string($0.hex) }),
            ("payload", payload.map(Manifest.json)),
        ])
    }
}
