/// The changes one payload member will carry, and the old files it may be compressed
/// against.
struct PayloadGroup {
    /// Indexes into the change list, in order.
    var indexes: [Int] = []
    /// Old-tree paths whose contents, concatenated, form the patch prefix.
    var bases: [String] = []
    /// The decoded size of the member.
    var size = 0
    /// The total size of the bases.
    var baseSize = 0
}

/// Decides which changes travel together. Small files share one member (one frame, one
/// tar header, shared context); a large file travels alone. Each group's bases are the old
/// versions of its files: the same path for a changed file, and for a new file the old
/// file most like it by name, so renamed folders still patch well.
enum PayloadGrouping {
    /// Files above this size travel in a member of their own.
    static let soloSize = 8 << 20
    /// A block closes once it holds this many decoded bytes.
    static let blockSize = 32 << 20
    /// At most this much old content is used as a block's prefix, which bounds apply's
    /// memory for blocks.
    static let blockBaseSize = 32 << 20

    /// Files above this size travel alone when their stored object can be reused as is.
    static let reusedSize = 1 << 20

    static func groups(for changes: [Change], old: Tree, soloSize: Int = soloSize)
        -> [PayloadGroup]
    {
        let similar = SimilarFiles(old: old, changes: changes)
        var groups = [PayloadGroup]()
        var block = PayloadGroup()
        for (index, change) in changes.enumerated() {
            guard let size = change.result?.size,
                change.operation == .add || change.operation == .replace
            else {
                continue
            }
            let base = change.operation == .replace ? change.path : similar.match(for: change)
            if size > soloSize {
                groups.append(solo(index, size: size, base: base, old: old))
                continue
            }
            // A block whose budget of old content is spent closes, so that the next
            // changed file can still travel as a patch in a block of its own.
            let baseSize = base.flatMap { old[$0]?.size } ?? 0
            if !block.indexes.isEmpty && block.baseSize + baseSize > blockBaseSize {
                groups.append(block)
                block = PayloadGroup()
            }
            add(index, size: size, base: base, old: old, to: &block)
            if block.size >= blockSize {
                groups.append(block)
                block = PayloadGroup()
            }
        }
        if !block.indexes.isEmpty { groups.append(block) }
        return groups
    }

    private static func solo(_ index: Int, size: Int, base: String?, old: Tree) -> PayloadGroup {
        var group = PayloadGroup(indexes: [index], size: size)
        if let base, let entry = old[base] {
            group.bases = [base]
            group.baseSize = entry.size
        }
        return group
    }

    private static func add(
        _ index: Int, size: Int, base: String?, old: Tree, to block: inout PayloadGroup
    ) {
        block.indexes.append(index)
        block.size += size
        guard let base, let entry = old[base], !block.bases.contains(base),
            block.baseSize + entry.size <= blockBaseSize
        else { return }
        block.bases.append(base)
        block.baseSize += entry.size
    }
}

/// Finds, for a new file, the old file most likely to share its content: one with the
/// same name, preferring files that go away in this update, then the closest size.
struct SimilarFiles {
    private var byName = [String: [TreeEntry]]()
    private var deleted = Set<String>()

    init(old: Tree, changes: [Change]) {
        for entry in old.entries {
            byName[SimilarFiles.name(of: entry.path), default: []].append(entry)
        }
        for change in changes where change.operation == .delete {
            deleted.insert(change.path)
        }
    }

    func match(for change: Change) -> String? {
        guard let size = change.result?.size,
            let candidates = byName[SimilarFiles.name(of: change.path)]
        else {
            return nil
        }
        let best = candidates.min { lhs, rhs in
            let left = (deleted.contains(lhs.path) ? 0 : 1, abs(lhs.size - size))
            let right = (deleted.contains(rhs.path) ? 0 : 1, abs(rhs.size - size))
            return left < right
        }
        return best?.path
    }

    private static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
