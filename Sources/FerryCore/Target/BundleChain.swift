/// A bundle found in a folder, whose signature verified against a trusted key.
public struct BundleCandidate: Sendable {
    /// Where it is.
    public let path: String
    /// Its manifest.
    public let manifest: Manifest
    /// Its size in bytes.
    public let size: Int
}

/// Picks, from a folder of bundles (a USB stick, a shared folder), the chain that brings a
/// target from its installed version to the newest version it can reach: fewest bundles
/// first, then fewest bytes.
public enum BundleChain {
    /// Every file in `folder` that is a bundle for `channel` signed by a trusted key; the
    /// others are returned with the reason they were passed over.
    public static func candidates(in folder: String, trust: TrustStore, channel: String?) throws
        -> (usable: [BundleCandidate], skipped: [(String, String)])
    {
        let directory = try Directory.open(folder)
        var usable = [BundleCandidate]()
        var skipped = [(String, String)]()
        for name in try directory.entries() where !name.hasPrefix(".") {
            let path = directory.describe(name)
            guard let status = try directory.status(name), status.isRegularFile else { continue }
            do {
                let head = try BundleReader(path: path).readHead()
                let manifest = try BundleVerifier.verify(head, trust: trust).manifest
                if let channel, manifest.channel != channel {
                    skipped.append((path, "it is for channel '\(manifest.channel)'"))
                    continue
                }
                usable.append(BundleCandidate(path: path, manifest: manifest, size: status.size))
            } catch {
                skipped.append((path, "\(error)"))
            }
        }
        return (usable, skipped)
    }

    /// The bundles to apply in order, or an empty list when nothing newer is reachable.
    public static func best(from state: TargetState?, among candidates: [BundleCandidate])
        -> [BundleCandidate]
    {
        var routes = [Node: Route]()
        let start = Node(version: state?.version ?? 0, tree: state?.tree.hash)
        routes[start] = Route()
        let nodes = ([start] + candidates.map { Node($0.manifest.to) }).sorted {
            $0.version < $1.version
        }
        for node in nodes {
            guard let route = routes[node] else { continue }
            for candidate in candidates where continues(node, with: candidate.manifest) {
                let next = Node(candidate.manifest.to)
                let extended = route.adding(candidate)
                if routes[next].map({ extended.isBetter(than: $0) }) ?? true {
                    routes[next] = extended
                }
            }
        }
        let newest = routes.keys.filter { $0.version > start.version }.max {
            $0.version < $1.version
        }
        return newest.flatMap { routes[$0]?.bundles } ?? []
    }

    /// A full bundle continues from anything older; a delta only from its exact base.
    private static func continues(_ node: Node, with manifest: Manifest) -> Bool {
        guard manifest.to.version > node.version else { return false }
        guard let from = manifest.from else { return true }
        return from.version == node.version && from.tree == node.tree
    }

    private struct Node: Hashable {
        let version: Int
        let tree: Digest?

        init(version: Int, tree: Digest?) {
            self.version = version
            self.tree = tree
        }

        init(_ reference: VersionReference) {
            self.init(version: reference.version, tree: reference.tree)
        }
    }

    private struct Route {
        var bundles = [BundleCandidate]()
        var bytes = 0

        func adding(_ candidate: BundleCandidate) -> Route {
            Route(bundles: bundles + [candidate], bytes: bytes + candidate.size)
        }

        func isBetter(than other: Route) -> Bool {
            (bundles.count, bytes) < (other.bundles.count, other.bytes)
        }
    }
}
