/// Encodes the bytes of every change that carries data into payload files, one member per
/// change, choosing for each the smallest of the requested codec and raw.
struct PayloadEncoder {
    let store: Store
    let work: Directory
    let options: PackOptions
    let tree: Tree

    /// The changes with their payload references filled in, and the members' descriptions.
    func encode(_ changes: [Change]) throws -> ([Change], [PayloadMember]) {
        var encoded = [Change]()
        var members = [PayloadMember]()
        for var change in changes {
            if [.add, .replace].contains(change.operation), let entry = tree[change.path] {
                let name = PayloadMember.name(members.count + 1)
                let (member, codec) = try encodeMember(name, entry: entry)
                change.payload = PayloadReference(member: name, offset: 0, length: entry.size, codec: codec)
                members.append(member)
            }
            encoded.append(change)
        }
        return (encoded, members)
    }

    private func encodeMember(_ name: String, entry: TreeEntry) throws -> (PayloadMember, Codec) {
        var codec = options.codec
        var member = try encode(entry, as: name, codec: codec)
        if member.size >= entry.size && codec != .raw {
            // Incompressible content travels as is; a compressed form would only add bytes.
            try work.removeFile(name)
            codec = .raw
            member = try encode(entry, as: name, codec: codec)
        }
        return (member, codec)
    }

    private func encode(_ entry: TreeEntry, as name: String, codec: Codec) throws -> PayloadMember {
        let output = try work.createFile(name)
        let hasher = Hasher256()
        var size = 0
        let encoder = try codec.encoder(level: options.level, size: entry.size, prefix: nil)
        let write = { (chunk: UnsafeRawBufferPointer) in
            hasher.update(chunk)
            size += chunk.count
            try output.write(chunk)
        }
        try store.readObject(entry) { try encoder.encode($0, into: write) }
        try encoder.finish(into: write)
        return PayloadMember(name: name, size: size, hash: hasher.finish())
    }
}
