import FerryCore

/// The text and JSON forms of inspect's report.
enum InspectReport {
    static func show(_ manifest: Manifest, size: Int, findings: Findings, console: Console) {
        let members = Dictionary(uniqueKeysWithValues: manifest.payloads.map { ($0.name, $0) })
        let from = manifest.from?.displayName ?? "nothing (full bundle)"
        console.result("channel:   \(manifest.channel)")
        console.result("versions:  \(from) -> \(manifest.to.displayName)")
        console.result("tree:      \(manifest.to.tree.hex)")
        console.result("created:   \(Timestamp.format(manifest.created))")
        console.result("expires:   \(expiry(manifest))")
        console.result("signer:    key \(findings.signer?.description ?? "unreadable")")
        console.result("signature: \(findings.signature)")
        console.result("payloads:  \(findings.payloads)")
        console.result("changes:")
        for change in manifest.changes {
            console.result(BundleJSON.changeLine(change, payloads: members))
        }
        console.result("total:     \(totals(manifest, size: size))")
    }

    private static func expiry(_ manifest: Manifest) -> String {
        guard let expires = manifest.expires else { return "never" }
        let expired = expires <= Shared.now ? " (EXPIRED: apply will refuse it)" : ""
        return Timestamp.format(expires) + expired
    }

    private static func totals(_ manifest: Manifest, size: Int) -> String {
        let counts = Dictionary(grouping: manifest.changes, by: \.operation)
            .map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        let stored = manifest.payloads.reduce(0) { $0 + $1.size }
        let changes = Shared.count(manifest.changes.count, "change")
        let members = Shared.count(manifest.payloads.count, "member")
        return "\(changes) (\(counts.joined(separator: ", "))), "
            + "\(Shared.size(stored)) of payload in \(members), bundle \(Shared.size(size))"
    }

    static func json(_ manifest: Manifest, size: Int, findings: Findings) -> JSONText {
        .object([
            ("bundle", BundleJSON.summary(manifest, bundleSize: size)),
            ("signer", findings.signer.map { .string($0.description) }),
            ("signature", .string(findings.signature)),
            ("payloads", .string(findings.payloads)),
            ("ok", .boolean(!findings.failed)),
            ("changes", .array(manifest.changes.map(\.json))),
        ])
    }
}
