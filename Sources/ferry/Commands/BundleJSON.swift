import FerryCore

/// The JSON and text forms of a manifest that several commands print.
enum BundleJSON {
    /// The bundle's header fields and totals.
    static func summary(_ manifest: Manifest, bundleSize: Int?) -> JSONText {
        .object([
            ("channel", .string(manifest.channel)),
            ("from", manifest.from.map(\.json)),
            ("to", manifest.to.json),
            ("created", .string(Timestamp.format(manifest.created))),
            ("expires", manifest.expires.map { .string(Timestamp.format($0)) }),
            ("changes", .integer(manifest.changes.count)),
            ("payloadBytes", .integer(manifest.payloads.reduce(0) { $0 + $1.size })),
            ("bundleBytes", bundleSize.map { .integer($0) }),
        ])
    }

    /// One line per change: operation, path, size, codec and stored size, short hash.
    static func changeLine(_ change: Change, payloads: [String: PayloadMember]) -> String {
        let op = change.operation.rawValue.padding(toLength: 8)
        let size = change.result.map { Shared.size($0.size) } ?? "-"
        var how = ""
        if let payload = change.payload {
            let stored = payloads[payload.member].map { Shared.size($0.size) } ?? "?"
            how = "\(payload.codec.rawValue) \(stored)"
        } else if let source = change.source {
            how = source == change.path ? "mode only" : "from \(source)"
        }
        let hash = change.result?.hash.short ?? change.before.map { "was \($0.short)" } ?? ""
        return "  \(op)\(change.path)  \(size)  \(how)  \(hash)"
    }
}
