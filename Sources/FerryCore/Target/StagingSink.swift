/// Writes the files a bundle produces into a staging folder on the target's file system,
/// each with its final mode and its write-out started, to be made durable all at once and
/// then renamed into place. Changes the plan does not need (files a full bundle repeats
/// unchanged) are checked and discarded.
final class StagingSink: PayloadSink {
    private let folder: Directory
    private let root: Directory
    private let installed: Tree
    private let stagedName: [Int: String]
    private var current: File?

    /// Apply decodes everything: only checked files are installed.
    let decodesContent = true

    /// `stagedName` maps a manifest change index to its staged file's name; `root` and
    /// `installed` are the target and its tree, whose old files patches are made against.
    init(folder: Directory, root: Directory, installed: Tree, stagedName: [Int: String]) {
        self.folder = folder
        self.root = root
        self.installed = installed
        self.stagedName = stagedName
    }

    /// The old contents of the member's bases, in order, each checked against the
    /// installed tree, so a patch is never decoded against bytes nobody signed for.
    func prefix(for member: PayloadMember) throws -> ContentBuffer? {
        let bases = member.bases ?? []
        var entries = [TreeEntry]()
        for base in bases {
            guard let entry = installed[base] else { throw BundleError.changeDoesNotFit(base) }
            entries.append(entry)
        }
        let prefix = ContentBuffer(capacity: entries.reduce(0) { $0 + $1.size })
        for entry in entries {
            let start = prefix.count
            try prefix.append(contentsOf: try root.openFile(entry.path))
            let bytes = UnsafeRawBufferPointer(rebasing: prefix.bytes[start...])
            guard bytes.count == entry.size, Digest.of(bytes) == entry.hash else {
                throw TargetError.changedFiles([entry.path])
            }
        }
        return prefix
    }

    func begin(_ change: Change, index: Int) throws {
        current = try stagedName[index].map { try folder.createFile($0, mode: 0o600) }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        try current?.write(chunk)
    }

    func end(_ change: Change, index: Int) throws {
        guard let file = current, let mode = change.result?.mode else { return }
        try file.setMode(mode)
        try file.startWriteback()
        current = nil
    }
}
