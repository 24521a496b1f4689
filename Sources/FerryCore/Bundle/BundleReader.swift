/// The first two members of a bundle: the manifest bytes and the signature bytes, neither
/// checked yet.
public struct BundleHead: Sendable {
    /// The exact bytes of `manifest.json`.
    public let manifestBytes: [UInt8]
    /// The exact bytes of `manifest.json.minisig`.
    public let signatureBytes: [UInt8]

    /// Pairs manifest and signature bytes.
    public init(manifestBytes: [UInt8], signatureBytes: [UInt8]) {
        self.manifestBytes = manifestBytes
        self.signatureBytes = signatureBytes
    }
}

/// Receives the files a bundle's payloads produce, one after another.
public protocol PayloadSink: AnyObject {
    /// Whether the payloads are to be decoded; when false, each member is checked by its
    /// size and hash alone.
    var decodesContent: Bool { get }
    /// The old content a `zstd-patch` member was made against (its bases, concatenated),
    /// or nil when it is not at hand (then the member is checked by its hash alone).
    func prefix(for member: PayloadMember) throws -> ContentBuffer?
    /// The bytes of change number `index` start.
    func begin(_ change: Change, index: Int) throws
    /// More bytes of the current change.
    func write(_ chunk: UnsafeRawBufferPointer) throws
    /// The current change is complete and its hash was confirmed.
    func end(_ change: Change, index: Int) throws
}

/// Reads a bundle from start to end in one pass, each byte once: the head, then every
/// payload member in manifest order, checking names, types, sizes and hashes against the
/// manifest. Nothing in a tar header is trusted beyond that comparison.
public final class BundleReader {
    /// The bundle's path, for messages.
    public let path: String
    private let file: File
    private let archive: ArchiveReader

    /// The largest signature member accepted.
    static let maximumSignatureSize = 16384

    /// Opens `path` read-only; the medium it is on is never written.
    public init(path: String) throws {
        self.path = path
        file = try File.openForReading(path)
        archive = try ArchiveReader(file: file)
    }

    /// Reads the manifest and signature members.
    public func readHead() throws -> BundleHead {
        let manifest = try readManifestMember()
        return BundleHead(manifestBytes: manifest, signatureBytes: try readSignatureMember())
    }

    /// Reads the first member, which must be the manifest.
    public func readManifestMember() throws -> [UInt8] {
        try readWholeMember(BundleSignature.manifestMember, limit: Manifest.maximumSize)
    }

    /// Reads the second member, which must be the manifest's signature.
    public func readSignatureMember() throws -> [UInt8] {
        try readWholeMember(
            BundleSignature.signatureMember, limit: BundleReader.maximumSignatureSize)
    }

    private func readWholeMember(_ name: String, limit: Int) throws -> [UInt8] {
        let header = try expectMember(name)
        guard header.size >= 0 && header.size <= limit else {
            throw BundleError.wrongMemberSize(name, declared: limit, found: header.size)
        }
        var bytes = [UInt8](repeating: 0, count: header.size)
        var filled = 0
        while filled < bytes.count {
            let count = try bytes.withUnsafeMutableBytes {
                try archive.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
            }
            guard count > 0 else {
                throw BundleError.wrongMemberSize(name, declared: header.size, found: filled)
            }
            filled += count
        }
        return bytes
    }

    private func expectMember(_ name: String) throws -> MemberHeader {
        guard let header = try archive.next() else { throw BundleError.missingMember(name) }
        guard header.name == name else {
            throw BundleError.unexpectedMember(found: header.name, expected: name)
        }
        guard header.isRegularFile else { throw BundleError.notRegularFile(name) }
        return header
    }

    /// Streams every payload member into `sink`, then checks that the bundle ends there.
    public func readPayloads(of manifest: Manifest, into sink: PayloadSink) throws {
        let groups = PayloadGroups(manifest)
        let reading = try MemberReading(decodes: sink.decodesContent)
        defer { reading.close() }

        for (member, changes) in zip(manifest.payloads, groups.changes) {
            let header = try expectMember(member.name)
            guard header.size == member.size else {
                throw BundleError.wrongMemberSize(
                    member.name, declared: member.size, found: header.size)
            }
            try readMember(member, changes: changes, into: sink, with: reading)
        }
        if let extra = try archive.next() {
            throw BundleError.unexpectedMember(found: extra.name, expected: "the end of the bundle")
        }
        try checkEnd()
    }

    /// ferry ends a bundle right after the tar end marker (two zero blocks); bytes beyond it
    /// are not covered by anything signed, so a bundle that has them is refused.
    private func checkEnd() throws {
        let end = archive.endMarkerOffset + 1024
        let size = try file.size()
        guard size == end else { throw BundleError.trailingBytes(size - end) }
        let marker = try file.read(count: 1024, at: end - 1024)
        guard marker.count == 1024 && marker.allSatisfy({ $0 == 0 }) else {
            throw BundleError.trailingBytes(0)
        }
    }

    /// Reads one member, checking its size and hash, and decodes it into `sink` when the
    /// sink wants it.
    private func readMember(
        _ member: PayloadMember, changes: [(Int, Change)], into sink: PayloadSink,
        with reading: MemberReading
    ) throws {
        let codec = changes.first?.1.payload?.codec ?? .raw
        let length = changes.reduce(0) { $0 + ($1.1.payload?.length ?? 0) }
        let prefix = codec == .zstdPatch && sink.decodesContent ? try sink.prefix(for: member) : nil
        let decodes = sink.decodesContent && (codec != .zstdPatch || prefix != nil)
        let decoder = try codec.decoder(size: length, prefix: prefix, context: reading.zstd)
        let router = ChangeRouter(changes: changes, sink: sink)
        let hasher = Hasher256()
        var size = 0

        let buffer = reading.buffer
        // Decoded bytes are hashed and written on the pipeline's thread.
        let pipeline = decodes ? reading.pipeline : nil
        if let pipeline {
            try router.start()
            pipeline.deliver(to: router.route)
        }
        var decodeFailure: Error?
        while true {
            let count = try archive.read(into: buffer)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            size += count
            // After a decoding failure the member is still read to its end, so that damage
            // is reported as a payload that does not match its signed hash.
            guard let pipeline, decodeFailure == nil else { continue }
            do {
                try decoder.decode(chunk, into: pipeline.push)
            } catch {
                decodeFailure = error
            }
        }
        if decodeFailure == nil {
            do { try pipeline?.drain() } catch { decodeFailure = error }
        }

        guard size == member.size else {
            throw BundleError.wrongMemberSize(member.name, declared: member.size, found: size)
        }
        guard hasher.finish() == member.hash else {
            throw BundleError.payloadHashMismatch(member.name)
        }
        if let decodeFailure { throw decodeFailure }
        guard decodes else { return }
        try decoder.finish()
        try router.finish()
    }
}

/// What reading payload members needs, made once per bundle rather than once per member:
/// the read buffer, the pipeline with its thread and buffers, and the zstd context with its
/// window buffer. Made afresh for each member, they cost page faults for new memory, and
/// the freed buffers were often kept by the allocator, counting against apply's memory.
private final class MemberReading {
    let buffer: UnsafeMutableRawBufferPointer
    /// nil when nothing is decoded.
    let pipeline: ChunkPipeline?
    let zstd: ZstdContext

    init(decodes: Bool) throws {
        zstd = try ZstdContext()
        buffer = .allocate(byteCount: Streaming.chunkSize, alignment: 16)
        pipeline = decodes ? ChunkPipeline() : nil
    }

    deinit {
        buffer.deallocate()
    }

    /// Ends the pipeline's thread.
    func close() {
        pipeline?.close()
    }
}

/// The changes of each payload member, in order, with their indexes in the manifest.
struct PayloadGroups {
    let changes: [[(Int, Change)]]

    init(_ manifest: Manifest) {
        var groups = [String: [(Int, Change)]]()
        for (index, change) in manifest.changes.enumerated() {
            if let payload = change.payload {
                groups[payload.member, default: []].append((index, change))
            }
        }
        changes = manifest.payloads.map { groups[$0.name] ?? [] }
    }
}

/// Splits a member's decoded stream into its changes, hashing each and checking it
/// against the manifest before telling the sink it is complete.
final class ChangeRouter {
    private let changes: [(Int, Change)]
    private let sink: PayloadSink
    private var position = 0
    private var remaining = 0
    private var hasher = Hasher256()

    init(changes: [(Int, Change)], sink: PayloadSink) {
        self.changes = changes
        self.sink = sink
    }

    func start() throws {
        try open()
    }

    func route(_ chunk: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < chunk.count {
            // The bounded decoder stops output beyond the member's declared length first;
            // this guards the router's own invariant.
            guard position < changes.count else {
                let declared = changes.reduce(0) { $0 + ($1.1.payload?.length ?? 0) }
                throw CodecError.tooLong("payload", declared)
            }
            let take = min(remaining, chunk.count - offset)
            let part = UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + take)])
            hasher.update(part)
            try sink.write(part)
            remaining -= take
            offset += take
            if remaining == 0 { try close() }
        }
    }

    func finish() throws {
        guard position == changes.count else {
            throw BundleError.fileHashMismatch(changes[min(position, changes.count - 1)].1.path)
        }
    }

    /// Starts the next change, closing at once any that are empty.
    private func open() throws {
        while position < changes.count {
            let (index, change) = changes[position]
            try sink.begin(change, index: index)
            hasher = Hasher256()
            remaining = change.payload?.length ?? 0
            if remaining > 0 { return }
            try complete()
        }
    }

    private func close() throws {
        try complete()
        try open()
    }

    /// Checks the current change's hash and hands it over.
    private func complete() throws {
        let (index, change) = changes[position]
        guard hasher.finish() == change.result?.hash else {
            throw BundleError.fileHashMismatch(change.path)
        }
        try sink.end(change, index: index)
        position += 1
    }
}
