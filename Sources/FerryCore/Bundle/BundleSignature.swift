/// The link between a manifest and its signature: the signed trusted comment names the
/// channel, the versions and the tree hash, so `minisign -V` shows an auditor what was
/// signed, and ferry refuses a signature whose comment does not match its manifest.
public enum BundleSignature {
    /// Member name of the manifest.
    public static let manifestMember = "manifest.json"
    /// Member name of its signature.
    public static let signatureMember = "manifest.json.minisig"

    /// The trusted comment for `manifest`.
    public static func trustedComment(for manifest: Manifest) -> String {
        let from = manifest.from.map { String($0.version) } ?? "none"
        return "ferry bundle channel:\(manifest.channel) from:\(from) to:\(manifest.to.version)"
            + " tree:\(manifest.to.tree.hex)"
    }

    /// The untrusted comment, shown by tools but not covered by the signature.
    public static func untrustedComment(key: KeyID) -> String {
        "signature from ferry secret key \(key)"
    }
}
