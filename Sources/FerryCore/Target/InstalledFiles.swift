/// Checks on the files actually on the target's disk, which may differ from the recorded
/// tree after local edits or corruption.
struct InstalledFiles {
    let target: Target

    /// Every file the plan replaces, deletes, copies from or patches against must still
    /// have its recorded hash, and every new path must be free or hold exactly the new
    /// content already. All of it is checked before staging starts.
    func check(_ plan: ApplyPlan, manifest: Manifest, installed: Tree) throws {
        var changed = [String]()
        let bases = Set(manifest.payloads.flatMap { $0.bases ?? [] })
        for base in bases.sorted() {
            guard let entry = installed[base] else { throw BundleError.changeDoesNotFit(base) }
            if try target.hashOfFile(base) != entry.hash { changed.append(base) }
        }
        for step in plan.steps {
            if let old = step.old {
                if try target.hashOfFile(step.path) != old { changed.append(step.path) }
            } else if let status = try target.root.status(step.path) {
                guard status.isRegularFile, try target.hashOfFile(step.path) == step.new else {
                    throw TargetError.unmanagedFile(target.root.describe(step.path))
                }
            }
        }
        for case .installed(let source) in plan.sources.values
        where try !bases.contains(source) && target.hashOfFile(source) != installed[source]?.hash {
            changed.append(source)
        }
        guard changed.isEmpty else { throw TargetError.changedFiles(Array(Set(changed)).sorted()) }
    }

    /// Copies the installed file `source` into staging as `name`, checking that it has
    /// content `hash`.
    func copy(
        _ source: String, from folder: Directory? = nil, to name: String, in staging: Directory,
        mode: UInt32, hash: Digest
    ) throws {
        let input = try (folder ?? target.root).openFile(source)
        let output = try staging.createFile(name, mode: 0o600)
        let hasher = Hasher256()
        try Streaming.forEachChunk(of: input) { chunk in
            hasher.update(chunk)
            try output.write(chunk)
        }
        guard hasher.finish() == hash else { throw TargetError.changedFiles([source]) }
        try output.setMode(mode)
        try output.sync()
    }
}
