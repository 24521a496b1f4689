/// One version recorded in a store: its number, label, time and tree.
public struct StoredVersion: Sendable {
    /// The version number.
    public let version: Int
    /// The vendor's release name, if given.
    public let label: String?
    /// When it was published, UTC seconds since 1970.
    public let published: Int
    /// Its files.
    public let tree: Tree

    /// Makes a version record.
    public init(version: Int, label: String?, published: Int, tree: Tree) {
        self.version = version
        self.label = label
        self.published = published
        self.tree = tree
    }

    /// How a bundle names this version.
    public var reference: VersionReference {
        VersionReference(version: version, label: label, tree: tree.hash)
    }

    var json: JSONText {
        .object([
            ("version", .integer(version)),
            ("label", label.map { .string($0) }),
            ("published", .string(Timestamp.format(published))),
            ("tree", .string(tree.hash.hex)),
            ("files", .array(tree.entries.map(TreeEntryJSON.json))),
        ])
    }
}

extension StoredVersion: Decodable {
    private enum CodingKeys: String, CodingKey {
        case version, label, published, tree, files
    }

    /// Decodes a version file and checks that its tree hash matches its files.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let published = try container.decode(String.self, forKey: .published)
        guard let time = Timestamp.parse(published) else {
            throw DecodingError.dataCorruptedError(
                forKey: .published, in: container, debugDescription: "bad time")
        }
        let tree = Tree(try container.decode([TreeEntry].self, forKey: .files))
        guard tree.hash == (try container.decode(Digest.self, forKey: .tree)) else {
            throw DecodingError.dataCorruptedError(
                forKey: .tree, in: container, debugDescription: "tree hash does not match files")
        }
        self.init(
            version: try container.decode(Int.self, forKey: .version),
            label: try container.decodeIfPresent(String.self, forKey: .label), published: time,
            tree: tree)
    }
}

/// The JSON form of a tree entry in ferry's own files.
enum TreeEntryJSON {
    static func json(_ entry: TreeEntry) -> JSONText {
        .object([
            ("path", .string(entry.path)),
            ("mode", .string(FileMode.format(entry.mode))),
            ("size", .integer(entry.size)),
            ("hash", .string(entry.hash.hex)),
        ])
    }
}
