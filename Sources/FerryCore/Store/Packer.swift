import Glibc

/// Writes a signed bundle from one version of a store to another.
public struct Packer {
    /// The store to read versions from.
    public let store: Store
    /// The key that signs the manifest.
    public let key: SecretKey

    /// Makes a packer.
    public init(store: Store, key: SecretKey) {
        self.store = store
        self.key = key
    }

    /// Writes the bundle to `outputPath` and returns its manifest. The bundle is written
    /// under a temporary name, fsynced and renamed, so a failed pack leaves nothing under
    /// the final name.
    public func pack(_ options: PackOptions, to outputPath: String) throws -> Manifest {
        let (old, new) = try versions(options)
        let work = try store.temporaryFolder().subdirectory("pack-\(getpid())", create: true)
        defer { try? store.temporaryFolder().removeTree("pack-\(getpid())") }

        var manifest = Manifest(
            channel: store.channel, from: old?.reference, to: new.reference,
            created: options.created,
            expires: options.lifetime.map { options.created + $0 }, changes: [], payloads: [])
        var payloads = PayloadEncoder(
            store: store, work: work, options: options, old: old?.tree ?? .empty, new: new.tree)
        (manifest.changes, manifest.payloads) = try payloads.encode(
            DeltaPlanner.changes(from: old?.tree ?? .empty, to: new.tree))

        // A manifest that breaks the format's rules would be refused by every offline
        // machine; better to fail here than to sign it.
        _ = try Manifest(decoding: manifest.encoded())
        let signature = Signature.sign(
            manifest.encoded(), with: key,
            trustedComment: BundleSignature.trustedComment(for: manifest),
            untrustedComment: BundleSignature.untrustedComment(key: key.keyID))
        let reused = payloads.reused
        try BundleWriter.write(manifest, signature: signature, to: outputPath) { member in
            try reused[member.name].map(store.folder.openFile) ?? work.openFile(member.name)
        }
        return manifest
    }

    private func versions(_ options: PackOptions) throws -> (StoredVersion?, StoredVersion) {
        guard let latest = try store.latest() else { throw PackError.emptyStore }
        let new = try options.to.map(store.version) ?? latest
        guard let from = options.from else { return (nil, new) }
        // A version that does not exist is named as such before any ordering is judged.
        let old = try store.version(from)
        guard from < new.version else { throw PackError.notForward(from, new.version) }
        return (old, new)
    }
}

/// pack was asked for something it cannot write.
public enum PackError: FerryError {
    /// The store has no versions.
    case emptyStore
    /// --since is not older than --to.
    case notForward(Int, Int)

    /// Bad arguments.
    public var kind: FailureKind { .usage }

    /// One sentence.
    public var description: String {
        switch self {
        case .emptyStore: return "the store has no versions yet; publish a release first"
        case .notForward(let from, let to):
            return
                "--since \(from) is not older than version \(to); pick an older --since "
                + "or a newer --to"
        }
    }
}
