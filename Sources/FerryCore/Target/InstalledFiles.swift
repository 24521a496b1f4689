/// Checks on the files actually on the target's disk, which may differ from the recorded
/// tree after local edits or corruption.
struct InstalledFiles {
    let target: Target

    /// Every file the plan replaces, deletes, copies from or patches against must still
    /// have its recorded hash, and every new path must be free or hold exactly the new
    /// content already. All of it is checked before staging starts.
    func check(_ plan: ApplyPlan, manifest: Manifest, installed: Tree) throws {
        // A patched file is both a base and a replaced file; each file is hashed once.
        var hashes = [String: Digest?]()
        var changed = try changedOriginals(plan.steps, hashes: &hashes)
        for base in Set(manifest.payloads.flatMap { $0.bases ?? [] }) {
            guard let entry = installed[base] else { throw BundleError.changeDoesNotFit(base) }
            if try hash(base, &hashes) != entry.hash { changed.append(base) }
        }
        for case .installed(let source) in plan.sources.values
        where try hash(source, &hashes) != installed[source]?.hash {
            changed.append(source)
        }
        guard changed.isEmpty else { throw TargetError.changedFiles(Array(Set(changed)).sorted()) }

        for step in plan.steps where step.old == nil {
            guard let status = try target.root.status(step.path) else { continue }
            guard status.isRegularFile, try hash(step.path, &hashes) == step.new else {
                throw TargetError.unmanagedFile(target.root.describe(step.path))
            }
        }
    }

    /// The paths among `steps` whose old content is no longer what the step replaces or
    /// deletes.
    func changedOriginals(_ steps: [Journal.Step], hashes: inout [String: Digest?]) throws
        -> [String]
    {
        var changed = [String]()
        for step in steps {
            if let old = step.old, try hash(step.path, &hashes) != old { changed.append(step.path) }
        }
        return changed
    }

    private func hash(_ path: String, _ hashes: inout [String: Digest?]) throws -> Digest? {
        if let known = hashes[path] { return known }
        let hash = try target.hashOfFile(path)
        hashes[path] = hash
        return hash
    }

    /// Copies the installed file `source` into staging as `name`, checking that it has
    /// content `hash`; the caller makes staging durable once every file is in it.
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
        try output.startWriteback()
    }
}
