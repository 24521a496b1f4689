import Foundation

/// Small JSON files that ferry owns (store, versions, target state, journal): written to a
/// temporary name, fsynced and renamed, so a crash leaves the old file or the new, never
/// half of one.
enum JSONFile {
    /// Replaces `name` in `folder` with `text` atomically.
    static func write(_ text: JSONText, to name: String, in folder: Directory) throws {
        let temporary = name + ".tmp"
        try folder.removeFile(temporary)
        do {
            let file = try folder.createFile(temporary)
            try file.write(Array(text.rendered().utf8))
            try file.sync()
            try folder.rename(temporary, to: name)
        } catch {
            // A full disk must not leave a half-written temporary behind.
            try? folder.removeFile(temporary)
            throw error
        }
        try folder.sync()
    }

    /// Reads and decodes `name` in `folder`; nil when it does not exist.
    static func read<Value: Decodable>(
        _ type: Value.Type, from name: String, in folder: Directory, limit: Int = 1 << 30
    ) throws -> Value? {
        guard try folder.exists(name) else { return nil }
        let bytes = try folder.openFile(name).readAll(limit: limit)
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw StateFileError(path: folder.describe(name), detail: ManifestError.describe(error))
        }
    }
}

/// One of ferry's own files is damaged or was edited by hand.
public struct StateFileError: FerryError {
    /// The file.
    public let path: String
    /// What is wrong with it.
    public let detail: String

    /// Damaged state is an I/O problem: the disk or a person changed what ferry wrote.
    public var kind: FailureKind { .io }

    /// One sentence.
    public var description: String {
        "\(path) is damaged (\(detail)); restore it from a backup or remove the folder "
            + "and start again"
    }
}
