/// What apply is asked to do besides the bundle and target.
public struct ApplyOptions: Sendable {
    /// The keys a bundle must be signed by.
    public var trust: TrustStore
    /// Only check and plan; change nothing.
    public var dryRun = false
    /// Wait for another ferry process instead of failing at once.
    public var wait = true
    /// How many older versions' backups to keep.
    public var keepBackups = 3
    /// The current time, UTC seconds since 1970, for the expiry check.
    public var now: Int

    /// Makes options.
    public init(trust: TrustStore, now: Int) {
        self.trust = trust
        self.now = now
    }
}

/// What apply did or, with a dry run, would do.
public struct ApplyReport: Sendable {
    /// How it ended.
    public enum Outcome: String, Sendable {
        /// The new version is installed.
        case applied
        /// The bundle's version was already installed; nothing changed.
        case upToDate = "up-to-date"
        /// A dry run: everything checked, nothing changed.
        case planned
    }

    /// How it ended.
    public let outcome: Outcome
    /// The bundle's manifest.
    public let manifest: Manifest
    /// The key that signed it.
    public let signer: KeyID
    /// The version installed before, if any.
    public let previous: Int?
    /// Paths written (new or changed).
    public let written: [String]
    /// Paths deleted.
    public let deleted: [String]
}

/// Checks a bundle against a target in DESIGN's order and installs it as a journaled
/// transaction with backups.
public struct Applier {
    /// The target to update.
    public let target: Target
    /// The options.
    public let options: ApplyOptions
    /// Told when another ferry process holds the lock and this one waits.
    public var waiting: () -> Void = {}

    /// Makes an applier.
    public init(target: Target, options: ApplyOptions) {
        self.target = target
        self.options = options
    }

    /// Verifies and installs the bundle at `bundlePath`. On any failure the target and its
    /// state are as they were.
    public func apply(_ bundlePath: String) throws -> ApplyReport {
        let lock = try target.lock(wait: options.wait, waiting: waiting)
        defer { _ = lock }
        try Recovery(target: target, keepBackups: options.keepBackups).finishInterrupted()

        let reader = try BundleReader(path: bundlePath)
        let verified = try BundleVerifier.verify(try reader.readHead(), trust: options.trust)
        let manifest = verified.manifest
        let state = try target.state()
        if try BundleAdmission(manifest: manifest, state: state, now: options.now).isUpToDate() {
            return report(.upToDate, manifest, verified, state, steps: [])
        }

        let installed = state?.tree ?? .empty
        let plan = try ApplyPlan(manifest: manifest, installed: installed)
        try InstalledFiles(target: target).check(plan, manifest: manifest, installed: installed)
        if options.dryRun {
            // Every payload is read and checked as a real apply would, and nothing is kept.
            let sink = StagingSink(
                folder: target.stagingArea, root: target.root, installed: installed, stagedName: [:]
            )
            try reader.readPayloads(of: manifest, into: sink)
            return report(.planned, manifest, verified, state, steps: plan.steps)
        }

        let (stagingName, staging) = try target.newStagingFolder()
        try target.discardingStagingOnFailure {
            try stage(
                plan, manifest: manifest, installedTree: installed, reader: reader, into: staging)
        }
        let next = TargetState(
            channel: manifest.channel, version: manifest.to.version, label: manifest.to.label,
            installed: options.now, signer: verified.signer.keyID.description, tree: plan.result)
        let journal = Journal(
            operation: "apply", previous: state, next: next, staging: stagingName, steps: plan.steps
        )
        try Transaction(target: target, journal: journal, keepBackups: options.keepBackups).run()
        return report(.applied, manifest, verified, state, steps: plan.steps)
    }

    /// Builds every new file in staging, verified and durable, before the journal exists.
    private func stage(
        _ plan: ApplyPlan, manifest: Manifest, installedTree: Tree, reader: BundleReader,
        into staging: Directory
    ) throws {
        var stagedName = [Int: String]()
        var copies = [(String, String, Journal.Step)]()
        for step in plan.steps {
            guard let staged = step.staged else { continue }
            switch plan.sources[staged] {
            case .payload(let index): stagedName[index] = staged
            case .installed(let path): copies.append((staged, path, step))
            case .backup, nil: break
            }
        }
        let sink = StagingSink(
            folder: staging, root: target.root, installed: installedTree, stagedName: stagedName)
        try reader.readPayloads(of: manifest, into: sink)
        for (staged, source, step) in copies {
            try InstalledFiles(target: target).copy(
                source, to: staged, in: staging, mode: plan.result[step.path]!.mode, hash: step.new!
            )
        }
        try staging.syncContents()
    }

    private func report(
        _ outcome: ApplyReport.Outcome, _ manifest: Manifest, _ verified: VerifiedManifest,
        _ state: TargetState?, steps: [Journal.Step]
    ) -> ApplyReport {
        ApplyReport(
            outcome: outcome, manifest: manifest, signer: verified.signer.keyID,
            previous: state?.version,
            written: steps.filter { $0.new != nil }.map(\.path),
            deleted: steps.filter { $0.new == nil }.map(\.path))
    }
}
