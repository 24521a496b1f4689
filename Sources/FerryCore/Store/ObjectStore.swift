import Glibc

extension Store {
    /// The zstd level for stored objects: fast, since pack recompresses what travels.
    static let objectLevel = 3

    /// Whether the store already has the content `hash`.
    func hasObject(_ hash: Digest) throws -> Bool {
        try folder.exists(objectPath(hash))
    }

    /// Stores the content of `source`, which must hash to `entry.hash`: it is compressed to
    /// a temporary file, fsynced, and renamed into place only once the hash is confirmed.
    func storeObject(from source: File, as entry: TreeEntry) throws {
        let temporaryName = "object-\(getpid())-\(entry.hash.short)"
        let temporary = try temporaryFolder()
        try temporary.removeFile(temporaryName)
        let output = try temporary.createFile(temporaryName)
        let hasher = Hasher256()
        let encoder = try Codec.zstd.encoder(
            level: Store.objectLevel, size: entry.size, prefix: nil)
        try Streaming.forEachChunk(of: source) { chunk in
            hasher.update(chunk)
            try encoder.encode(chunk) { try output.write($0) }
        }
        try encoder.finish { try output.write($0) }
        guard hasher.finish() == entry.hash else {
            try temporary.removeFile(temporaryName)
            throw StoreError.sourceChanged(source.path)
        }
        try output.sync()
        try temporary.rename(temporaryName, to: objectPath(entry.hash), in: folder)
    }

    /// Streams the content of `entry` from its object into `sink`, checking its size and
    /// hash on the way, so a damaged store never yields wrong bytes silently.
    func readObject(_ entry: TreeEntry, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let path = objectPath(entry.hash)
        let file: File
        do {
            file = try folder.openFile(path)
        } catch {
            throw StoreError.damagedObject(folder.describe(path))
        }
        let hasher = Hasher256()
        do {
            let decoder = try Codec.zstd.decoder(size: entry.size, prefix: nil)
            try Streaming.decode(file, with: decoder) { chunk in
                hasher.update(chunk)
                try sink(chunk)
            }
        } catch is CodecError {
            throw StoreError.damagedObject(folder.describe(path))
        }
        guard hasher.finish() == entry.hash else {
            throw StoreError.damagedObject(folder.describe(path))
        }
    }
}
