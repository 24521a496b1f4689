/// Works out the changes that turn one tree into another: what is added, replaced,
/// deleted, or can be copied from content the old tree already has under another path.
public enum DeltaPlanner {
    /// The changes from `old` to `new`, sorted by path, without payload references yet.
    /// Unchanged files are not listed, so a small update has a small manifest.
    public static func changes(from old: Tree, to new: Tree) -> [Change] {
        var byHash = [Digest: String]()
        for entry in old.entries where byHash[entry.hash] == nil {
            byHash[entry.hash] = entry.path
        }

        var changes = [Change]()
        for entry in new.entries {
            if let change = change(to: entry, old: old, byHash: byHash) { changes.append(change) }
        }
        for entry in old.entries where new[entry.path] == nil {
            changes.append(Change(.delete, path: entry.path, result: nil, before: entry.hash))
        }
        return changes.sorted { TreePath.precedes($0.path, $1.path) }
    }

    private static func change(to entry: TreeEntry, old: Tree, byHash: [Digest: String]) -> Change?
    {
        let result = FileFacts(mode: entry.mode, size: entry.size, hash: entry.hash)
        let previous = old[entry.path]
        if let previous, previous.hash == entry.hash {
            // Same bytes, new mode: the bytes are taken from the file itself.
            guard previous.mode != entry.mode else { return nil }
            return Change(.copy, path: entry.path, result: result, source: entry.path)
        }
        if let source = byHash[entry.hash] {
            return Change(.copy, path: entry.path, result: result, source: source)
        }
        if let previous {
            return Change(.replace, path: entry.path, result: result, before: previous.hash)
        }
        return Change(.add, path: entry.path, result: result)
    }
}
