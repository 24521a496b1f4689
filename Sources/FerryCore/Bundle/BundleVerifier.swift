/// A manifest whose signature verified against a trusted key.
public struct VerifiedManifest: Sendable {
    /// The parsed, rule-checked manifest.
    public let manifest: Manifest
    /// The trusted key that signed it.
    public let signer: PublicKey
}

/// Checks a bundle's head: the signature against the trusted keys first, before any
/// byte of the manifest is parsed, then the manifest's rules, then that the signed
/// trusted comment describes this manifest.
public enum BundleVerifier {
    /// The verified manifest, or the first reason it cannot be trusted.
    public static func verify(_ head: BundleHead, trust: TrustStore) throws -> VerifiedManifest {
        let signature = try Signature(minisignText: head.signatureBytes)
        let signer = try trust.verify(head.manifestBytes, signature: signature)
        let manifest = try Manifest(decoding: head.manifestBytes)
        guard signature.trustedComment == BundleSignature.trustedComment(for: manifest) else {
            throw BundleError.commentMismatch(signature.trustedComment)
        }
        return VerifiedManifest(manifest: manifest, signer: signer)
    }
}
