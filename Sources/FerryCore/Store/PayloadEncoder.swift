/// Encodes the payload members of a bundle. Each group of changes is compressed as one
/// frame, against its bases where it has them, and the smallest of the candidates
/// (patch, whole content, raw) is kept.
struct PayloadEncoder {
    let store: Store
    let work: Directory
    let options: PackOptions
    let old: Tree
    let new: Tree

    /// The changes with their payload references filled in, and the members' descriptions.
    func encode(_ changes: [Change]) throws -> ([Change], [PayloadMember]) {
        var changes = changes
        var members = [PayloadMember]()
        for group in PayloadGrouping.groups(for: changes, old: old) {
            let name = PayloadMember.name(members.count + 1)
            let (member, codec) = try encodeGroup(group, changes: changes, as: name)
            var offset = 0
            for index in group.indexes {
                let size = changes[index].result?.size ?? 0
                changes[index].payload = PayloadReference(
                    member: name, offset: offset, length: size, codec: codec)
                if codec == .zstdPatch && changes[index].operation == .replace {
                    changes[index].operation = .patch
                }
                offset += size
            }
            members.append(member)
        }
        return (changes, members)
    }

    private func encodeGroup(_ group: PayloadGroup, changes: [Change], as name: String) throws -> (
        PayloadMember, Codec
    ) {
        let entries = group.indexes.compactMap { new[changes[$0].path] }
        var candidates: [(Codec, [String]?)] = [(options.codec, nil), (.raw, nil)]
        if options.codec == .zstd && !group.bases.isEmpty {
            candidates.insert((.zstdPatch, group.bases), at: 0)
        }

        var best: (PayloadMember, Codec, String)?
        for (number, (codec, bases)) in candidates.enumerated() {
            let file = "\(name).candidate\(number)"
            var member = try encode(
                entries, size: group.size, codec: codec, bases: bases, into: file)
            member.name = name
            if let current = best, current.0.size <= member.size {
                try work.removeFile(file)
                continue
            }
            if let current = best { try work.removeFile(current.2) }
            best = (member, codec, file)
        }
        let (member, codec, file) = best!
        try work.rename(file, to: name)
        return (member, codec)
    }

    private func encode(
        _ entries: [TreeEntry], size: Int, codec: Codec, bases: [String]?, into name: String
    ) throws -> PayloadMember {
        let prefix = try bases.map(prefix)
        let output = try work.createFile(name)
        let hasher = Hasher256()
        var written = 0
        let encoder = try codec.encoder(level: options.level, size: size, prefix: prefix)
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
    private func prefix(_ bases: [String]) throws -> [UInt8] {
        var prefix = [UInt8]()
        for base in bases {
            guard let entry = old[base] else { continue }
            try store.readObject(entry) { prefix.append(contentsOf: $0) }
        }
        return prefix
    }
}
