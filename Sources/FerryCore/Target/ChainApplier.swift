/// What applying a folder of bundles did.
public struct ChainReport: Sendable {
    /// The bundles chosen, in order.
    public let chain: [BundleCandidate]
    /// Files passed over, with the reason.
    public let skipped: [(String, String)]
    /// One report per bundle applied (none for a dry run).
    public let applied: [ApplyReport]
}

extension Applier {
    /// Applies the best chain of bundles found in `folder`: from the installed version to
    /// the newest reachable one, fewest bundles first. Each bundle is its own transaction,
    /// so a failure part way leaves the target at the last version fully applied.
    public func applyChain(from folder: String) throws -> ChainReport {
        let state = try recoveredState()
        var (usable, skipped) = try BundleChain.candidates(
            in: folder, trust: options.trust, channel: state?.channel)
        for candidate in usable {
            if let expires = candidate.manifest.expires, expires <= options.now {
                skipped.append((candidate.path, "it expired at \(Timestamp.format(expires))"))
            }
        }
        usable.removeAll { $0.manifest.expires.map { $0 <= options.now } ?? false }

        let chain = BundleChain.best(from: state, among: usable)
        guard !options.dryRun else {
            return ChainReport(chain: chain, skipped: skipped, applied: [])
        }
        var applied = [ApplyReport]()
        for candidate in chain {
            applied.append(try apply(candidate.path))
        }
        return ChainReport(chain: chain, skipped: skipped, applied: applied)
    }

    /// The installed state after finishing any interrupted transaction.
    private func recoveredState() throws -> TargetState? {
        let lock = try target.lock(wait: options.wait, waiting: waiting)
        defer { _ = lock }
        try Recovery(target: target, keepBackups: options.keepBackups).finishInterrupted()
        return try target.state()
    }
}
