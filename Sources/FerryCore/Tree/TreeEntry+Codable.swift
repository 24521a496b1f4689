extension TreeEntry: Codable {
    private enum CodingKeys: String, CodingKey {
        case path, mode, size, hash
    }

    /// Decodes an entry, refusing a bad path, mode or size.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let path = try container.decode(String.self, forKey: .path)
        if let problem = TreePath.problem(with: path) {
            throw DecodingError.dataCorruptedError(
                forKey: .path, in: container, debugDescription: "path \(path) \(problem)")
        }
        guard let mode = FileMode.parse(try container.decode(String.self, forKey: .mode)) else {
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: container, debugDescription: "mode is not 4 octal digits")
        }
        let size = try container.decode(Int.self, forKey: .size)
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .size, in: container, debugDescription: "size is negative")
        }
        self.init(
            path: path, mode: mode, size: size,
            hash: try container.decode(Digest.self, forKey: .hash))
    }

    /// Encodes the entry with its mode as four octal digits.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(FileMode.format(mode), forKey: .mode)
        try container.encode(size, forKey: .size)
        try container.encode(hash, forKey: .hash)
    }
}
