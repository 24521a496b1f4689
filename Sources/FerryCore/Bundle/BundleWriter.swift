import Glibc

/// Writes a bundle file: `manifest.json`, `manifest.json.minisig`, then the payload
/// members in manifest order, and nothing else.
enum BundleWriter {
    /// Writes the bundle to `outputPath` through a temporary name in the same folder,
    /// fsynced before the rename and the folder fsynced after, so the final name only ever
    /// holds a complete bundle. `payload` opens each member's bytes.
    static func write(
        _ manifest: Manifest, signature: Signature, to outputPath: String,
        payload: (PayloadMember) throws -> File
    ) throws {
        let (folderPath, name) = split(outputPath)
        let folder = try Directory.open(folderPath)
        let temporary = ".\(name).tmp-\(getpid())"
        try folder.removeFile(temporary)
        do {
            let file = try folder.createFile(temporary)
            try writeMembers(manifest, signature: signature, payload: payload, into: file)
            try file.sync()
            try folder.rename(temporary, to: name)
            try folder.sync()
        } catch {
            try? folder.removeFile(temporary)
            throw error
        }
    }

    private static func writeMembers(
        _ manifest: Manifest, signature: Signature, payload: (PayloadMember) throws -> File,
        into file: File
    ) throws {
        let archive = try ArchiveWriter(file: file)
        let time = manifest.created
        try addBytes(
            manifest.encoded(), as: BundleSignature.manifestMember, time: time, to: archive)
        try addBytes(
            signature.fileText, as: BundleSignature.signatureMember, time: time, to: archive)
        for member in manifest.payloads {
            let source = try payload(member)
            try archive.addMember(member.name, size: member.size, modified: time) { write in
                try Streaming.forEachChunk(of: source, write)
            }
        }
        try archive.close()
    }

    private static func addBytes(
        _ bytes: [UInt8], as name: String, time: Int, to archive: ArchiveWriter
    ) throws {
        try archive.addMember(name, size: bytes.count, modified: time) { write in
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// The folder and file name of a path the user gave.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
