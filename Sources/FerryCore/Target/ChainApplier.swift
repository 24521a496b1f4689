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

        let chain = try intactChain(from: state, among: &usable, skipped: &skipped)
        guard !options.dryRun else {
            return ChainReport(chain: chain, skipped: skipped, applied: [])
        }
        var applied = [ApplyReport]()
        for candidate in chain {
            do {
                applied.append(try apply(candidate.path))
            } catch {
                let installed = applied.last.map { $0.manifest.to.version }
                throw ChainError(bundle: candidate.path, installed: installed, cause: error)
            }
        }
        return ChainReport(chain: chain, skipped: skipped, applied: applied)
    }

    /// The best chain whose bundles' payloads all match their signed hashes; a damaged
    /// bundle is passed over and the chain planned again without it.
    private func intactChain(
        from state: TargetState?, among usable: inout [BundleCandidate],
        skipped: inout [(String, String)]
    ) throws -> [BundleCandidate] {
        while true {
            let chain = BundleChain.best(from: state, among: usable)
            guard let damaged = chain.first(where: { !isIntact($0) }) else { return chain }
            skipped.append((damaged.path, "its payloads do not match their signed hashes"))
            usable.removeAll { $0.path == damaged.path }
        }
    }

    private func isIntact(_ candidate: BundleCandidate) -> Bool {
        do {
            let reader = try BundleReader(path: candidate.path)
            _ = try reader.readHead()
            try reader.readPayloads(of: candidate.manifest, into: DiscardingPayloads(decode: false))
            return true
        } catch {
            return false
        }
    }

    /// The installed state after finishing any interrupted transaction.
    private func recoveredState() throws -> TargetState? {
        let lock = try target.lock(wait: options.wait, waiting: waiting)
        defer { _ = lock }
        try Recovery(target: target, keepBackups: options.keepBackups).finishInterrupted()
        return try target.state()
    }
}

/// A bundle of a chain failed; the bundles before it are installed.
public struct ChainError: FerryError {
    /// The bundle that failed.
    public let bundle: String
    /// The version the chain had reached, if any bundle was applied.
    public let installed: Int?
    /// Why it failed.
    public let cause: Error

    /// The cause's kind.
    public var kind: FailureKind { (cause as? FerryError)?.kind ?? .other }

    /// One sentence naming the bundle, the version reached and the cause.
    public var description: String {
        let reached = installed.map { "version \($0) is installed; " } ?? ""
        return "\(bundle) failed: \(reached)\(cause)"
    }
}
