import FerryCore
import Foundation

/// A bundle before it is written: a manifest, its payload members' bytes, and the trusted
/// comment to sign it with (nil: the one ferry writes for this manifest).
struct Forgery {
    var manifest: Manifest
    var payloads: [[UInt8]]
    var comment: String?

    /// Adds `bytes` as a new file at `path` (raw, in a payload member of its own), and
    /// makes the signed tree hash fit, so only what a case breaks on purpose is wrong.
    mutating func add(_ path: String, _ bytes: [UInt8], to tree: inout [TreeEntry]) {
        let member = PayloadMember.name(payloads.count + 1)
        let facts = FileFacts(mode: 0o644, size: bytes.count, hash: Digest.of(bytes))
        manifest.changes.append(
            Change(
                .add, path: path, result: facts,
                payload: PayloadReference(
                    member: member, offset: 0, length: bytes.count, codec: .raw)))
        manifest.payloads.append(
            PayloadMember(name: member, size: bytes.count, hash: Digest.of(bytes)))
        payloads.append(bytes)
        tree.append(TreeEntry(path: path, mode: 0o644, size: bytes.count, hash: facts.hash))
        manifest.to.tree = Tree(tree).hash
    }
}

/// Makes bundles that the workshop's trusted key signs although their content is hostile:
/// what a stolen key, or a bug on the online side, could produce. Only the public API of
/// FerryCore is used, the same calls `ferry pack` makes.
struct BundleForge {
    let folder: TempFolder
    let key: SecretKey

    /// The forge of a workshop, signing with its unencrypted key `k.key`.
    init(_ shop: Workshop) throws {
        folder = shop.folder
        key = try SecretKey.load(path: shop.folder.path("k.key")) {
            throw CocoaError(.fileReadNoPermission)
        }
    }

    /// The bytes of a minisign signature of `message` by the trusted key.
    func signature(of message: [UInt8], comment: String) -> [UInt8] {
        Signature.sign(message, with: key, trustedComment: comment, untrustedComment: "forged")
            .fileText
    }

    /// The members of the bundle `forgery` describes: manifest, signature, payloads.
    func entries(_ forgery: Forgery) -> [TarEntry] {
        let manifest = forgery.manifest.encoded()
        let comment = forgery.comment ?? BundleSignature.trustedComment(for: forgery.manifest)
        let payloads = forgery.payloads.enumerated().map { index, bytes in
            TarEntry.file(PayloadMember.name(index + 1), bytes)
        }
        return [
            .file("manifest.json", manifest),
            .file("manifest.json.minisig", signature(of: manifest, comment: comment)),
        ] + payloads
    }

    /// Writes the bundle `forgery` describes as `name` and returns its path.
    func write(_ forgery: Forgery, as name: String = "forged.bundle") throws -> String {
        try folder.write(name, TarWriter.archive(entries(forgery)))
    }

    /// A valid delta from the version installed in `target` to version 6, adding nothing
    /// yet: cases add files to it and break one thing each.
    func delta(onto target: String = "target") throws -> (Forgery, [TreeEntry]) {
        let state = try installedState(target)
        let manifest = Manifest(
            channel: state.channel,
            from: VersionReference(
                version: state.version, label: state.label, tree: state.tree.hash),
            to: VersionReference(version: 6, label: "forged", tree: state.tree.hash),
            created: 1_700_000_000, expires: nil, changes: [], payloads: [])
        return (Forgery(manifest: manifest, payloads: []), state.tree.entries)
    }

    /// The state `ferry apply` recorded in `target`.
    func installedState(_ target: String) throws -> TargetState {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: folder.path(target + "/.ferry/state.json")))
        return try JSONDecoder().decode(TargetState.self, from: data)
    }

    /// A bundle that ferry wrote, taken apart: its manifest and payload members.
    func takeApart(_ bundle: String) throws -> Forgery {
        let entries = TarWriter.entries(of: try folder.bytes(bundle))
        let manifest = try Manifest(decoding: entries[0].data)
        return Forgery(manifest: manifest, payloads: entries.dropFirst(2).map(\.data))
    }
}
