/// One file of a version: where it is, its permission bits, size and content hash.
public struct TreeEntry: Hashable, Sendable {
    /// Relative path with "/" separators.
    public let path: String
    /// Permission bits (at most 0o777).
    public let mode: UInt32
    /// Size in bytes.
    public let size: Int
    /// BLAKE2b-256 of the content.
    public let hash: Digest

    /// Makes an entry.
    public init(path: String, mode: UInt32, size: Int, hash: Digest) {
        self.path = path
        self.mode = mode
        self.size = size
        self.hash = hash
    }
}

/// A version's files, sorted by path, with the hash that names the whole set.
public struct Tree: Sendable, Equatable {
    /// The files, sorted by the bytes of their paths.
    public let entries: [TreeEntry]
    private let index: [String: Int]

    /// Makes a tree from entries in any order; paths must be unique.
    public init(_ entries: [TreeEntry]) {
        self.entries = entries.sorted { TreePath.precedes($0.path, $1.path) }
        var index = [String: Int]()
        for (position, entry) in self.entries.enumerated() {
            index[entry.path] = position
        }
        self.index = index
    }

    /// The empty tree, which a target with nothing installed has.
    public static let empty = Tree([])

    /// The entry at `path`, if the tree has one.
    public subscript(path: String) -> TreeEntry? {
        index[path].map { entries[$0] }
    }

    /// The total size of all files in bytes.
    public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

    /// BLAKE2b-256 of the canonical listing: one line per file in path order, holding the
    /// hash, the size in decimal, the mode as four octal digits and the path, separated by
    /// single spaces and ended by a newline. Paths cannot hold a newline, so the listing
    /// cannot be forged by a crafted name.
    public var hash: Digest {
        let hasher = Hasher256()
        for entry in entries {
            hasher.update(Array(Tree.canonicalLine(entry).utf8))
        }
        return hasher.finish()
    }

    /// The line for one entry in the canonical listing.
    public static func canonicalLine(_ entry: TreeEntry) -> String {
        "\(entry.hash.hex) \(entry.size) \(FileMode.format(entry.mode)) \(entry.path)\n"
    }

    /// Trees are equal when they list the same files.
    public static func == (lhs: Tree, rhs: Tree) -> Bool {
        lhs.entries == rhs.entries
    }
}

/// Permission bits written as four octal digits ("0644"), the form `ls` users read.
public enum FileMode {
    /// The bits ferry keeps: read, write and execute for owner, group and others. Set-id and
    /// sticky bits never travel, so a bundle cannot plant a set-uid program.
    public static let mask: UInt32 = 0o777

    /// "0644" for 0o644.
    public static func format(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Parses four octal digits with nothing above 0o777, or returns nil.
    public static func parse(_ text: String) -> UInt32? {
        let octal = text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
        guard text.utf8.count == 4, octal, let mode = UInt32(text, radix: 8), mode & ~mask == 0
        else {
            return nil
        }
        return mode
    }
}
