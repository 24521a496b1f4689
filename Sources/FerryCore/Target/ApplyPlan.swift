/// What applying a verified manifest to a target will do, worked out before anything is
/// written: the resulting tree and one step per path that changes.
struct ApplyPlan {
    /// The tree after the bundle.
    let result: Tree
    /// Steps in the order they run: deletions first, then new and changed files.
    let steps: [Journal.Step]
    /// For each step that needs new content, where it comes from.
    let sources: [String: ContentSource]

    /// Where a staged file's bytes come from.
    enum ContentSource {
        /// The payload of manifest change number `index`.
        case payload(index: Int)
        /// An installed file, read before anything is replaced.
        case installed(path: String)
        /// Content kept in a backup.
        case backup(Digest)
    }

    /// A plan from `installed` to `result` whose new content comes from `source`.
    init(from installed: Tree, to result: Tree, source: (TreeEntry) throws -> ContentSource)
        rethrows
    {
        self.result = result
        var deletions = [Journal.Step]()
        for entry in installed.entries where result[entry.path] == nil {
            deletions.append(Journal.Step(path: entry.path, old: entry.hash, new: nil, staged: nil))
        }
        var updates = [Journal.Step]()
        var sources = [String: ContentSource]()
        for entry in result.entries where installed[entry.path] != entry {
            let staged = "f\(updates.count + 1)"
            updates.append(
                Journal.Step(
                    path: entry.path, old: installed[entry.path]?.hash, new: entry.hash,
                    staged: staged))
            sources[staged] = try source(entry)
        }
        steps = deletions + updates
        self.sources = sources
    }

    /// Plans `manifest` against the installed tree; throws when the manifest does not fit it.
    init(manifest: Manifest, installed: Tree) throws {
        let result = try ApplyPlan.resultTree(manifest, installed: installed)
        guard result.hash == manifest.to.tree else {
            throw BundleError.treeMismatch(expected: manifest.to.tree, produced: result.hash)
        }
        var changeIndex = [String: Int]()
        for (index, change) in manifest.changes.enumerated() { changeIndex[change.path] = index }
        self.init(from: installed, to: result) { entry in
            let index = changeIndex[entry.path]!
            let change = manifest.changes[index]
            return change.operation == .copy
                ? .installed(path: change.source!) : .payload(index: index)
        }
    }

    private static func resultTree(_ manifest: Manifest, installed: Tree) throws -> Tree {
        var files = [String: TreeEntry]()
        if !manifest.isFull {
            for entry in installed.entries { files[entry.path] = entry }
        }
        for change in manifest.changes {
            try checkFits(change, installed: installed, full: manifest.isFull)
            if let result = change.result {
                files[change.path] = TreeEntry(
                    path: change.path, mode: result.mode, size: result.size, hash: result.hash)
            } else {
                files[change.path] = nil
            }
        }
        let tree = Tree(Array(files.values))
        try checkNesting(tree)
        return tree
    }

    /// A delta's changes must start from what the installed tree has.
    private static func checkFits(_ change: Change, installed: Tree, full: Bool) throws {
        guard !full else { return }
        let current = installed[change.path]
        switch change.operation {
        case .add:
            if current != nil { throw BundleError.changeDoesNotFit(change.path) }
        case .replace, .patch, .delete:
            guard current?.hash == change.before else {
                throw BundleError.changeDoesNotFit(change.path)
            }
        case .copy:
            guard let source = change.source, installed[source]?.hash == change.result?.hash else {
                throw BundleError.changeDoesNotFit(change.path)
            }
        }
    }

    /// No file may sit where another file needs a folder ("a" and "a/b").
    private static func checkNesting(_ tree: Tree) throws {
        var previous: String?
        for entry in tree.entries {
            if let previous, entry.path.hasPrefix(previous + "/") {
                throw ManifestError.badPath(entry.path, "lies inside the file \(previous)")
            }
            previous = entry.path
        }
    }
}
