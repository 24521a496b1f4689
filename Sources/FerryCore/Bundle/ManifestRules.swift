/// The rules a manifest must obey beyond being well-formed JSON. A signed manifest is
/// still checked: a key can be stolen, and a bug on the online side must not become a
/// broken offline machine.
enum ManifestRules {
    /// The largest size accepted for a file or payload: far beyond any real database, and
    /// small enough that sums of sizes cannot overflow.
    static let maximumSize = 1 << 50
    /// The largest version accepted: a release every minute for a thousand years fits, and a
    /// bundle claiming an absurd version cannot make every later real one look like a
    /// downgrade.
    static let maximumVersion = 999_999_999

    static func check(_ manifest: Manifest) throws(ManifestError) {
        try checkHeader(manifest)
        try checkPaths(manifest.changes)
        for change in manifest.changes {
            try checkFields(change, full: manifest.isFull)
        }
        try checkPayloads(manifest)
    }

    private static func checkHeader(_ manifest: Manifest) throws(ManifestError) {
        if let problem = Channel.problem(with: manifest.channel) {
            throw .badField("channel", problem)
        }
        for reference in [manifest.from, manifest.to].compactMap({ $0 }) {
            guard reference.version >= 1 && reference.version <= maximumVersion else {
                throw .badField("version", "must be from 1 to \(maximumVersion)")
            }
            if let label = reference.label, let problem = Label.problem(with: label) {
                throw .badField("label", problem)
            }
        }
        if let from = manifest.from, from.version >= manifest.to.version {
            throw .badField(
                "to", "version \(manifest.to.version) is not newer than from \(from.version)")
        }
        guard manifest.created >= 0 else { throw .badField("created", "is before 1970") }
        if let expires = manifest.expires, expires <= manifest.created {
            throw .badField("expires", "is not after created")
        }
    }

    private static func checkPaths(_ changes: [Change]) throws(ManifestError) {
        var seen = Set<String>()
        for change in changes {
            for path in [change.path] + (change.source.map { [$0] } ?? []) {
                if let problem = TreePath.problem(with: path) { throw .badPath(path, problem) }
            }
            guard seen.insert(TreePath.collisionKey(change.path)).inserted else {
                throw .badPath(change.path, "is listed twice (or twice in different Unicode forms)")
            }
        }
    }

    private static func checkFields(_ change: Change, full: Bool) throws(ManifestError) {
        let path = change.path
        let needsResult = change.operation != .delete
        let needsBefore =
            change.operation == .replace || change.operation == .patch
            || change.operation == .delete
        let needsPayload = [.add, .replace, .patch].contains(change.operation)
        if full && change.operation != .add {
            throw .badChange(path, "a full bundle may only add files")
        }
        if (change.result != nil) != needsResult {
            throw .badChange(path, "has the wrong file fields for \(change.operation.rawValue)")
        }
        if (change.before != nil) != needsBefore {
            throw .badChange(path, "has the wrong 'before' for \(change.operation.rawValue)")
        }
        if (change.payload != nil) != needsPayload {
            throw .badChange(path, "has the wrong payload for \(change.operation.rawValue)")
        }
        if (change.source != nil) != (change.operation == .copy) {
            throw .badChange(path, "has the wrong 'source' for \(change.operation.rawValue)")
        }
        if let result = change.result, result.size < 0 || result.size > maximumSize {
            throw .badChange(path, "has an impossible size")
        }
        if let payload = change.payload {
            try checkReference(payload, change: change)
        }
    }

    /// A `patch` travels in a `zstd-patch` member; an `add` or a `replace` may travel in
    /// any member (in a `zstd-patch` one, compressed against other old files).
    private static func checkReference(_ payload: PayloadReference, change: Change)
        throws(ManifestError)
    {
        let allowed: Bool
        switch change.operation {
        case .patch: allowed = payload.codec == .zstdPatch
        default: allowed = true
        }
        guard allowed else {
            throw .badChange(
                change.path, "uses codec \(payload.codec.rawValue) for \(change.operation.rawValue)"
            )
        }
        guard payload.length == change.result?.size, payload.offset >= 0 else {
            throw .badChange(change.path, "has a payload range that does not match its size")
        }
    }

    /// Members are numbered from 1 in bundle order, each is used, and the changes that use
    /// one follow each other with contiguous ranges, so the bundle can be read in one pass.
    private static func checkPayloads(_ manifest: Manifest) throws(ManifestError) {
        for (index, member) in manifest.payloads.enumerated() {
            guard member.name == PayloadMember.name(index + 1) else {
                throw .badPayload(member.name, "is not named \(PayloadMember.name(index + 1))")
            }
            guard member.size >= 0 && member.size <= maximumSize else {
                throw .badPayload(member.name, "has an impossible size")
            }
            try checkBases(member, full: manifest.isFull)
        }

        var cursor = PayloadCursor()
        for change in manifest.changes {
            guard let payload = change.payload else { continue }
            guard cursor.advance(over: payload, members: manifest.payloads) else {
                throw .badChange(change.path, "does not continue the payload members in order")
            }
        }
        try checkTotals(manifest)
        guard cursor.membersUsed == manifest.payloads.count else {
            throw .badPayload(PayloadMember.name(cursor.membersUsed + 1), "is listed but unused")
        }
        try checkPatchBases(manifest)
    }

    /// The sums of all sizes stay within `maximumSize`, so no later sum can overflow.
    private static func checkTotals(_ manifest: Manifest) throws(ManifestError) {
        var stored = 0
        for member in manifest.payloads {
            stored += member.size
            guard stored <= maximumSize else { throw .badField("payloads", "are impossibly large") }
        }
        var produced = 0
        for change in manifest.changes {
            produced += change.result?.size ?? 0
            guard produced <= maximumSize else {
                throw .badField("changes", "are impossibly large")
            }
        }
    }

    private static func checkBases(_ member: PayloadMember, full: Bool) throws(ManifestError) {
        guard let bases = member.bases else { return }
        guard !full, !bases.isEmpty else {
            throw .badPayload(member.name, "names bases it cannot have")
        }
        guard Set(bases).count == bases.count else {
            throw .badPayload(member.name, "names a base twice")
        }
        for base in bases {
            if let problem = TreePath.problem(with: base) { throw .badPath(base, problem) }
        }
    }

    /// A `zstd-patch` member names its bases, other members none, and a patched file's old
    /// content is among its member's bases.
    private static func checkPatchBases(_ manifest: Manifest) throws(ManifestError) {
        var members = [String: PayloadMember]()
        for member in manifest.payloads { members[member.name] = member }
        for change in manifest.changes {
            guard let payload = change.payload, let member = members[payload.member] else {
                continue
            }
            guard (payload.codec == .zstdPatch) == (member.bases != nil) else {
                throw .badPayload(
                    member.name, "has bases that do not fit its codec \(payload.codec.rawValue)")
            }
            if change.operation == .patch && !(member.bases ?? []).contains(change.path) {
                throw .badChange(
                    change.path, "is a patch whose old content is not among its member's bases")
            }
        }
    }
}

/// Follows the changes through the payload members: each change either continues the
/// current member where the last one ended, with the same codec, or starts the next.
private struct PayloadCursor {
    private(set) var membersUsed = 0
    private var offset = 0
    private var codec: Codec?

    mutating func advance(over payload: PayloadReference, members: [PayloadMember]) -> Bool {
        guard payload.length >= 0 && payload.length <= ManifestRules.maximumSize else {
            return false
        }
        if membersUsed > 0 && payload.member == members[membersUsed - 1].name {
            guard payload.offset == offset, payload.codec == codec else { return false }
        } else {
            guard membersUsed < members.count, payload.member == members[membersUsed].name,
                payload.offset == 0
            else { return false }
            membersUsed += 1
            codec = payload.codec
            offset = 0
        }
        // Each length is bounded and the running offset is compared before it grows, so it
        // stays far below overflow.
        offset += payload.length
        return offset <= ManifestRules.maximumSize
    }
}
