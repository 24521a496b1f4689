import FerryCore

/// `ferry inspect`: shows an auditor what a bundle holds and who signed it, and what
/// fails when it does not verify.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect", summary: "show a bundle: versions, signer, every change, sizes",
        usage: "BUNDLE [--trust KEY]... [--json]", options: [Shared.trust, Shared.json],
        positionals: ["BUNDLE"])

    static func run(_ arguments: Arguments, console: Console) throws -> ExitStatus {
        let path = arguments.positionals[0]
        let reader = try BundleReader(path: path)
        let head = try reader.readHead()
        let signature = try? Signature(minisignText: head.signatureBytes)
        let signatureStatus = checkSignature(head, arguments: arguments)
        let manifest = try Manifest(decoding: head.manifestBytes)
        let payloadStatus: String
        do {
            try reader.readPayloads(of: manifest, into: DiscardingPayloads())
            payloadStatus = "all \(manifest.payloads.count) payloads match their hashes"
        } catch let error as FerryError {
            payloadStatus = "FAILED: \(error.description)"
        }

        let size = try File.openForReading(path).size()
        show(
            manifest, size: size, signer: signature?.keyID.description, signatureStatus,
            payloadStatus, console)
        let failed = signatureStatus.hasPrefix("FAILED") || payloadStatus.hasPrefix("FAILED")
        return failed ? .verification : .success
    }

    private static func checkSignature(_ head: BundleHead, arguments: Arguments) -> String {
        guard !arguments.all("--trust").isEmpty else { return "not checked (no --trust given)" }
        do {
            let verified = try BundleVerifier.verify(
                head, trust: try TrustStore(paths: arguments.all("--trust")))
            return "valid, by trusted key \(verified.signer.keyID)"
        } catch let error as FerryError {
            return "FAILED: \(error.description)"
        } catch {
            return "FAILED: \(error)"
        }
    }

    private static func show(
        _ manifest: Manifest, size: Int, signer: String?, _ signature: String, _ payloads: String,
        _ console: Console
    ) {
        var members = [String: PayloadMember]()
        for member in manifest.payloads { members[member.name] = member }
        console.document(
            .object([
                ("bundle", BundleJSON.summary(manifest, bundleSize: size)),
                ("signer", signer.map { .string($0) }),
                ("signature", .string(signature)),
                ("payloads", .string(payloads)),
                (
                    "changes",
                    .array(manifest.changes.map { BundleJSON.change($0, payloads: members) })
                ),
            ]))
        console.result("channel:   \(manifest.channel)")
        console.result(
            "versions:  \(manifest.from?.displayName ?? "nothing (full bundle)") -> \(manifest.to.displayName)"
        )
        console.result("tree:      \(manifest.to.tree.hex)")
        console.result("created:   \(Timestamp.format(manifest.created))")
        console.result("expires:   \(manifest.expires.map(Timestamp.format) ?? "never")")
        console.result("signer:    key \(signer ?? "unreadable")")
        console.result("signature: \(signature)")
        console.result("payloads:  \(payloads)")
        console.result("changes:")
        for change in manifest.changes {
            console.result(BundleJSON.changeLine(change, payloads: members))
        }
        let counts = Dictionary(grouping: manifest.changes, by: \.operation).map {
            "\($0.value.count) \($0.key.rawValue)"
        }
        let stored = manifest.payloads.reduce(0) { $0 + $1.size }
        console.result(
            "total:     \(manifest.changes.count) changes (\(counts.sorted().joined(separator: ", "))), "
                + "\(Shared.size(stored)) of payload, bundle \(Shared.size(size))")
    }
}
