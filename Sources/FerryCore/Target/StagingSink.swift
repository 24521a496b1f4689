/// Writes the files a bundle produces into a staging folder on the target's file system,
/// each with its final mode and fsynced, ready to be renamed into place. Changes the plan
/// does not need (files a full bundle repeats unchanged) are checked and discarded.
final class StagingSink: PayloadSink {
    private let folder: Directory
    private let root: Directory
    private let stagedName: [Int: String]
    private var current: File?

    /// `stagedName` maps a manifest change index to its staged file's name; `root` is the
    /// target, whose old files patches are made against.
    init(folder: Directory, root: Directory, stagedName: [Int: String]) {
        self.folder = folder
        self.root = root
        self.stagedName = stagedName
    }

    /// The old contents of the patched paths, in manifest order, each checked against the
    /// hash the manifest expects.
    func prefix(for changes: [Change]) throws -> [UInt8]? {
        var prefix = [UInt8]()
        for change in changes {
            let old = try root.openFile(change.path).readAll(limit: ManifestRules.maximumSize)
            guard Digest.of(old) == change.before else { throw TargetError.changedFiles([change.path]) }
            prefix += old
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
        try file.sync()
        current = nil
    }
}
