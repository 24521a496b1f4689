/// Encodes the payload members of a bundle. Each group of changes is compressed as one
/// frame sequence, against its bases where it has them; a large file whose stored object
/// was compressed at the level asked for travels as that object, unchanged; a group that
/// does not shrink travels raw.
struct PayloadEncoder {
    let store: Store
    let work: Directory
    private(set) var options: PackOptions
    let old: Tree
    let new: Tree
    /// Members that are stored objects, by member name, with the object's path in the store.
    private(set) var reused = [String: String]()

    /// The changes with their payload references filled in, and the members' descriptions.
    /// Changes that carry data come first, in the order of their members, so the bundle can
    /// be read in one pass; copies and deletions follow in path order.
    mutating func encode(_ changes: [Change]) throws -> ([Change], [PayloadMember]) {
        var changes = changes
        var members = [PayloadMember]()
        let groups = plan(changes)
        for group in groups {
            let name = PayloadMember.name(members.count + 1)
            let (member, codec) = try encodeGroup(group, changes: changes, as: name)
            var offset = 0
            for index in group.indexes {
                let size = changes[index].result?.size ?? 0
                changes[index].payload = PayloadReference(
                    member: name, offset: offset, length: size, codec: codec)
                if codec == .zstdPatch && changes[index].operation == .replace
                    && group.bases.contains(changes[index].path)
                {
                    changes[index].operation = .patch
                }
                offset += size
            }
            members.append(member)
        }
        let carried = groups.flatMap(\.indexes)
        let rest = changes.indices.filter { changes[$0].payload == nil }
        return ((carried + rest).map { changes[$0] }, members)
    }

    /// Groups the changes and settles the level; when whole files are compressed at the
    /// store's own level, large ones are grouped alone so their objects can be reused.
    private mutating func plan(_ changes: [Change]) -> [PayloadGroup] {
        let groups = PayloadGrouping.groups(for: changes, old: old)
        options.wholeContentSize = groups.filter(\.bases.isEmpty).reduce(0) { $0 + $1.size }
        guard reusesObjects else { return groups }
        return PayloadGrouping.groups(
            for: changes, old: old, soloSize: PayloadGrouping.reusedSize)
    }

    private var reusesObjects: Bool {
        options.codec == .zstd && options.wholeLevel == Store.objectLevel
    }

    /// Encodes a group as a patch against its bases when it has some, otherwise as whole
    /// content; a group that does not shrink travels raw instead.
    /// The stored object of `entry` as member `name`, when it is smaller than the file.
    private mutating func reuse(_ entry: TreeEntry, as name: String) throws -> PayloadMember? {
        let path = store.objectPath(entry.hash)
        let (hash, size) = try ContentHash.of(try store.folder.openFile(path))
        guard size < entry.size else { return nil }
        reused[name] = path
        return PayloadMember(name: name, size: size, hash: hash)
    }

    /// Encodes a group as a patch against its bases when it has some, otherwise as whole
    /// content; a group that does not shrink travels raw. A patch is not tried against whole
    /// compression: against a prefix that shares nothing with it, zstd writes the same
    /// frame give or take a few bytes.
    private mutating func encodeGroup(_ group: PayloadGroup, changes: [Change], as name: String)
        throws
        -> (PayloadMember, Codec)
    {
        let entries = group.indexes.compactMap { new[changes[$0].path] }
        if reusesObjects && group.bases.isEmpty && entries.count == 1,
            let member = try reuse(entries[0], as: name)
        {
            return (member, .zstd)
        }
        var codec = options.codec
        if codec == .zstd && !group.bases.isEmpty { codec = .zstdPatch }
        let bases = codec == .zstdPatch ? group.bases : nil

        var member = try encode(entries, size: group.size, codec: codec, bases: bases, into: name)
        if member.size >= group.size {
            try work.removeFile(name)
            codec = .raw
            member = try encode(entries, size: group.size, codec: codec, bases: nil, into: name)
        }
        return (member, codec)
    }

    private func encode(
        _ entries: [TreeEntry], size: Int, codec: Codec, bases: [String]?, into name: String
    ) throws -> PayloadMember {
        let prefix = try bases.map(prefix)
        let output = try work.createFile(name)
        let hasher = Hasher256()
        var written = 0
        let level = codec == .zstdPatch ? options.patchLevel : options.wholeLevel
        let encoder = try codec.encoder(
            level: level, size: size, prefix: prefix, threads: options.threads)
        let write = { (chunk: UnsafeRawBufferPointer) in
            hasher.update(chunk)
            written += chunk.count
            try output.write(chunk)
        }
        for entry in entries {
            try store.readObject(entry) { try encoder.encode($0, into: write) }
        }
        try encoder.finish(into: write)
        return PayloadMember(name: name, size: written, hash: hasher.finish(), bases: bases)
    }

    /// The old contents of `bases`, concatenated in order.
    private func prefix(_ bases: [String]) throws -> ContentBuffer {
        let entries = bases.compactMap { old[$0] }
        let prefix = ContentBuffer(capacity: entries.reduce(0) { $0 + $1.size })
        for entry in entries {
            try store.readObject(entry) { prefix.append($0) }
        }
        return prefix
    }
}
