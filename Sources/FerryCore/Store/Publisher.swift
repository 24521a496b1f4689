/// Records a folder as the next version of a store.
public struct Publisher {
    /// The store to record into.
    public let store: Store
    /// Told about each file as it is hashed, for progress.
    public var progress: (TreeEntry) -> Void = { _ in }
    /// Told when another publisher holds the store's lock and this one waits.
    public var waiting: () -> Void = {}

    /// Makes a publisher for `store`.
    public init(store: Store) {
        self.store = store
    }

    /// What publish did.
    public enum Outcome: Sendable {
        /// A new version was recorded.
        case published(StoredVersion, newObjects: Int)
        /// The folder equals the latest version; nothing was recorded.
        case unchanged(StoredVersion)
    }

    /// Checks publish's inputs, so that a mistake is reported before a new store is
    /// created for it.
    public static func checkInputs(source sourcePath: String, label: String?) throws {
        if let label, let problem = Label.problem(with: label) {
            throw PublishError.badLabel(problem)
        }
        _ = try Directory.open(sourcePath)
    }

    /// Records `source` as the next version: objects first, the version file last.
    public func publish(_ sourcePath: String, label: String?, time: Int) throws -> Outcome {
        try Publisher.checkInputs(source: sourcePath, label: label)
        let source = try Directory.open(sourcePath)
        let lock = try store.lock(waiting: waiting)
        defer { _ = lock }

        var scanner = TreeScanner()
        scanner.progress = progress
        let tree = try scanner.scan(source)
        let latest = try store.latest()
        if let latest, latest.tree == tree { return .unchanged(latest) }

        let newObjects = try storeObjects(of: tree, from: source)
        let version = StoredVersion(
            version: (latest?.version ?? 0) + 1, label: label, published: time, tree: tree)
        try store.record(version)
        return .published(version, newObjects: newObjects)
    }

    /// Stores the contents the store lacks; returns how many that was.
    private func storeObjects(of tree: Tree, from source: Directory) throws -> Int {
        var seen = Set<Digest>()
        var added = 0
        for entry in tree.entries where seen.insert(entry.hash).inserted {
            if try store.hasObject(entry.hash) { continue }
            try store.storeObject(from: try source.openFile(entry.path), as: entry)
            added += 1
        }
        try syncObjectFolders()
        return added
    }

    /// Makes the renamed objects durable before the version file that names them appears.
    private func syncObjectFolders() throws {
        let objects = try store.folder.subdirectory("objects")
        for name in try objects.entries() {
            try objects.subdirectory(name).sync()
        }
        try objects.sync()
    }
}

/// publish was given something it cannot record.
public enum PublishError: FerryError {
    /// The label breaks the label rules.
    case badLabel(String)

    /// Bad arguments.
    public var kind: FailureKind { .usage }

    /// One sentence.
    public var description: String {
        switch self {
        case .badLabel(let problem): return "the --label \(problem); choose another"
        }
    }
}
