import Foundation

/// What a bundle does: which channel, from which version to which, and every change.
/// Its exact bytes are what the signature covers.
public struct Manifest: Sendable, Equatable {
    /// The bundle format this code writes and reads.
    public static let currentFormat = 1

    /// The bundle format.
    public var format: Int
    /// The channel (the set of databases) the bundle belongs to.
    public var channel: String
    /// The version the bundle starts from; nil for a full bundle.
    public var from: VersionReference?
    /// The version the bundle produces.
    public var to: VersionReference
    /// When the bundle was made, as UTC seconds since 1970.
    public var created: Int
    /// When the bundle stops being accepted, if ever.
    public var expires: Int?
    /// Every change, in the order payload data appears in the bundle.
    public var changes: [Change]
    /// The payload members, in bundle order.
    public var payloads: [PayloadMember]

    /// Makes a manifest.
    public init(
        channel: String, from: VersionReference?, to: VersionReference, created: Int,
        expires: Int?, changes: [Change], payloads: [PayloadMember]
    ) {
        self.format = Manifest.currentFormat
        self.channel = channel
        self.from = from
        self.to = to
        self.created = created
        self.expires = expires
        self.changes = changes
        self.payloads = payloads
    }

    /// Whether the bundle installs a whole tree rather than the difference from `from`.
    public var isFull: Bool { from == nil }
}

/// A version as a bundle names it: number, label and tree hash.
public struct VersionReference: Codable, Sendable, Equatable {
    /// The version number given by publish.
    public var version: Int
    /// The vendor's release name, if one was given.
    public var label: String?
    /// The hash of the version's tree.
    public var tree: Digest

    /// Makes a reference.
    public init(version: Int, label: String?, tree: Digest) {
        self.version = version
        self.label = label
        self.tree = tree
    }

    /// "5 (2026.11.29)" or "5".
    public var displayName: String {
        label.map { "\(version) (\($0))" } ?? String(version)
    }
}

/// What a change does to one path.
public enum Operation: String, Codable, Sendable {
    /// A file the old tree does not have; its bytes travel.
    case add
    /// A file whose new bytes travel whole.
    case replace
    /// A file whose new bytes travel as a binary delta against its old bytes.
    case patch
    /// A file that goes away.
    case delete
    /// A file whose bytes the old tree already has under another path.
    case copy
}

/// One step from the old tree to the new.
public struct Change: Sendable, Equatable {
    /// What happens.
    public var operation: Operation
    /// The path it happens to.
    public var path: String
    /// The produced file's mode, size and hash; nil for a delete.
    public var result: FileFacts?
    /// The hash the path's old content must have; nil for an add.
    public var before: Digest?
    /// For a copy, the path in the old tree whose bytes are reused.
    public var source: String?
    /// For a change whose bytes travel, where they are.
    public var payload: PayloadReference?

    /// Makes a change.
    public init(
        _ operation: Operation, path: String, result: FileFacts?, before: Digest? = nil,
        source: String? = nil, payload: PayloadReference? = nil
    ) {
        self.operation = operation
        self.path = path
        self.result = result
        self.before = before
        self.source = source
        self.payload = payload
    }
}

/// The mode, size and hash of a produced file.
public struct FileFacts: Sendable, Equatable {
    /// Permission bits.
    public var mode: UInt32
    /// Size in bytes.
    public var size: Int
    /// BLAKE2b-256 of the content.
    public var hash: Digest

    /// Makes facts.
    public init(mode: UInt32, size: Int, hash: Digest) {
        self.mode = mode
        self.size = size
        self.hash = hash
    }
}

/// Where a change's bytes are: a range of a payload member's decoded stream.
public struct PayloadReference: Sendable, Equatable {
    /// The member's name, "payload/000001".
    public var member: String
    /// Where the change's bytes start in the member's decoded stream.
    public var offset: Int
    /// How many decoded bytes belong to the change.
    public var length: Int
    /// How the member is encoded.
    public var codec: Codec

    /// Makes a reference.
    public init(member: String, offset: Int, length: Int, codec: Codec) {
        self.member = member
        self.offset = offset
        self.length = length
        self.codec = codec
    }
}

/// A payload member as stored in the bundle: its name, size, hash and, for a patch, the
/// old files it refers to.
public struct PayloadMember: Sendable, Equatable {
    /// "payload/000001", …
    public var name: String
    /// Its size in the bundle, in bytes.
    public var size: Int
    /// BLAKE2b-256 of its bytes in the bundle.
    public var hash: Digest
    /// For a `zstd-patch` member, the old tree's paths whose contents, concatenated in this
    /// order, are the prefix the frame was compressed against.
    public var bases: [String]?

    /// Makes a member description.
    public init(name: String, size: Int, hash: Digest, bases: [String]? = nil) {
        self.name = name
        self.size = size
        self.hash = hash
        self.bases = bases
    }

    /// The name of the `index`th payload member, counting from 1.
    public static func name(_ index: Int) -> String {
        let digits = String(index)
        return "payload/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
