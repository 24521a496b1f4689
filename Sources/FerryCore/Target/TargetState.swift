/// What a target has installed: channel, version, label, tree, and when and by whom.
public struct TargetState: Sendable {
    /// The channel the target follows.
    public let channel: String
    /// The installed version.
    public let version: Int
    /// Its label.
    public let label: String?
    /// When it was installed, UTC seconds since 1970.
    public let installed: Int
    /// The key id that signed the bundle it came from ("rollback" for a restored backup).
    public let signer: String
    /// The installed files.
    public let tree: Tree

    /// Makes a state record.
    public init(
        channel: String, version: Int, label: String?, installed: Int, signer: String, tree: Tree
    ) {
        self.channel = channel
        self.version = version
        self.label = label
        self.installed = installed
        self.signer = signer
        self.tree = tree
    }

    var json: JSONText {
        .object([
            ("format", .integer(1)),
            ("channel", .string(channel)),
            ("version", .integer(version)),
            ("label", label.map { .string($0) }),
            ("installed", .string(Timestamp.format(installed))),
            ("signer", .string(signer)),
            ("tree", .string(tree.hash.hex)),
            ("files", .array(tree.entries.map(TreeEntryJSON.json))),
        ])
    }

    /// "5 (2026.11.29)" or "5".
    public var displayName: String {
        label.map { "\(version) (\($0))" } ?? String(version)
    }
}

extension TargetState: Decodable {
    private enum CodingKeys: String, CodingKey {
        case format, channel, version, label, installed, signer, tree, files
    }

    /// Decodes a state record and checks that its tree hash matches its files.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(Int.self, forKey: .format) == 1,
            let installed = Timestamp.parse(try container.decode(String.self, forKey: .installed))
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "unknown format")
        }
        let tree = Tree(try container.decode([TreeEntry].self, forKey: .files))
        guard tree.hash == (try container.decode(Digest.self, forKey: .tree)) else {
            throw DecodingError.dataCorruptedError(
                forKey: .tree, in: container, debugDescription: "tree hash does not match files")
        }
        self.init(
            channel: try container.decode(String.self, forKey: .channel),
            version: try container.decode(Int.self, forKey: .version),
            label: try container.decodeIfPresent(String.self, forKey: .label), installed: installed,
            signer: try container.decode(String.self, forKey: .signer), tree: tree)
    }
}
