import FerryCore

/// `ferry inspect`: shows an auditor what a bundle holds and who signed it, and, for a bad
/// bundle, what fails while still showing what can be read.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect", summary: "show a bundle: versions, signer, every change, sizes",
        usage: "BUNDLE [--trust KEY]... [--json]", options: [Shared.trust, Shared.json],
        positionals: ["BUNDLE"])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let path = arguments.positionals[0]
        // The trusted keys are the auditor's own input: a missing key file is their error,
        // not the bundle's.
        let trust = try arguments.all("--trust").isEmpty ? nil : Shared.trustStore(arguments)
        let reader = try BundleReader(path: path)
        let manifestBytes = try reader.readManifestMember()
        let signatureBytes = Result { try reader.readSignatureMember() }
        var findings = Findings()
        findings.signer = (try? Signature(minisignText: (try? signatureBytes.get()) ?? []))?.keyID
        findings.signature = signatureStatus(manifestBytes, signatureBytes, trust: trust)

        // An unreadable manifest still gets its signature reported: that is usually the cause.
        guard let manifest = try? Manifest(decoding: manifestBytes) else {
            console.result("signer:    key \(findings.signer?.description ?? "unreadable")")
            console.result("signature: \(findings.signature)")
            _ = try Manifest(decoding: manifestBytes)
            return .verification
        }
        findings.payloads = payloadStatus(reader, manifest, signature: signatureBytes)

        let size = try File.openForReading(path).size()
        console.document(InspectReport.json(manifest, size: size, findings: findings))
        InspectReport.show(manifest, size: size, findings: findings, console: console)
        return findings.failed ? .verification : .success
    }

    private static func signatureStatus(
        _ manifest: [UInt8], _ signature: Result<[UInt8], Error>, trust: TrustStore?
    ) -> String {
        do {
            let head = BundleHead(manifestBytes: manifest, signatureBytes: try signature.get())
            guard let trust else { return "not checked (no --trust given)" }
            return
                "valid, by trusted key "
                + "\(try BundleVerifier.verify(head, trust: trust).signer.keyID)"
        } catch {
            return "FAILED: \(error)"
        }
    }

    /// The payloads follow the signature member, so they are read only when it could be.
    private static func payloadStatus(
        _ reader: BundleReader, _ manifest: Manifest, signature: Result<[UInt8], Error>
    ) -> String {
        if case .failure(let error) = signature {
            return "FAILED: not checked, the signature member before them is unreadable: \(error)"
        }
        do {
            try reader.readPayloads(of: manifest, into: DiscardingPayloads())
            let count = manifest.payloads.count
            if count == 0 { return "none (copies and deletions only)" }
            return count == 1
                ? "the one payload matches its signed hash"
                : "all \(count) payloads match their signed hashes"
        } catch {
            return "FAILED: \(error)"
        }
    }
}

/// What inspect found out besides the manifest.
struct Findings {
    /// The key id the signature names, if it could be read.
    var signer: KeyID?
    /// The signature's status.
    var signature = ""
    /// The payloads' status.
    var payloads = ""

    /// Whether anything failed.
    var failed: Bool { signature.hasPrefix("FAILED") || payloads.hasPrefix("FAILED") }
}
