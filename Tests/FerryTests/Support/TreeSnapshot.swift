import Foundation
import Glibc

/// Every entry below a folder, read without following links: each file's path, mode and
/// bytes, each folder's and link's path and mode. Two snapshots are equal only if the
/// folders are the same byte for byte.
struct TreeSnapshot: Equatable {
    /// What one path holds.
    enum Entry: Equatable, CustomStringConvertible {
        case file(mode: UInt32, bytes: [UInt8])
        case folder(mode: UInt32)
        case link(target: String)
        case other(mode: UInt32)

        var description: String {
            switch self {
            case .file(let mode, let bytes): "file \(String(mode, radix: 8)) \(bytes.count) bytes"
            case .folder(let mode): "folder \(String(mode, radix: 8))"
            case .link(let target): "link to \(target)"
            case .other(let mode): "special \(String(mode, radix: 8))"
            }
        }
    }

    /// Entries by path relative to the snapshot's root.
    let entries: [String: Entry]

    /// Reads everything below `root` except the relative paths in `excluding` (and, for a
    /// folder, everything below it).
    init(of root: String, excluding: Set<String> = []) throws {
        var entries = [String: Entry]()
        try TreeSnapshot.walk(root, prefix: "", excluding: excluding, into: &entries)
        self.entries = entries
    }

    private static func walk(
        _ folder: String, prefix: String, excluding: Set<String>,
        into entries: inout [String: Entry]
    ) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let relative = prefix + name
            if excluding.contains(relative) { continue }
            let full = folder + "/" + name
            let entry = try read(full)
            entries[relative] = entry
            if case .folder = entry {
                try walk(full, prefix: relative + "/", excluding: excluding, into: &entries)
            }
        }
    }

    private static func read(_ path: String) throws -> Entry {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let mode = UInt32(info.st_mode) & 0o7777
        switch UInt32(info.st_mode) & UInt32(S_IFMT) {
        case UInt32(S_IFREG):
            return .file(mode: mode, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        case UInt32(S_IFDIR): return .folder(mode: mode)
        case UInt32(S_IFLNK):
            return .link(target: try FileManager.default.destinationOfSymbolicLink(atPath: path))
        default: return .other(mode: mode)
        }
    }

    /// The regular files only, by path.
    var files: [String: Entry] {
        entries.filter { if case .file = $0.value { true } else { false } }
    }

    /// The folder paths, without their modes (a tree records files, and folders only as
    /// the places files are in).
    var folderPaths: Set<String> {
        Set(entries.filter { if case .folder = $0.value { true } else { false } }.keys)
    }

    /// What differs from `other`, one line per path, for failure messages.
    func differences(from other: TreeSnapshot) -> String {
        let paths = Set(entries.keys).union(other.entries.keys).sorted()
        let lines = paths.compactMap { path -> String? in
            let mine = entries[path]
            let theirs = other.entries[path]
            guard mine != theirs else { return nil }
            return "\(path): \(theirs?.description ?? "absent") -> \(mine?.description ?? "absent")"
        }
        return lines.isEmpty ? "no differences" : lines.joined(separator: "\n")
    }
}

/// Compares an installed target with a release folder: the same files with the same bytes
/// and modes, and the same folders, ignoring ferry's state folder.
enum ReleaseComparison {
    static func differences(target: String, release: String) throws -> String? {
        let installed = try TreeSnapshot(of: target, excluding: [".ferry"])
        let expected = try TreeSnapshot(of: release)
        let sameFiles = installed.files == expected.files
        let sameFolders = installed.folderPaths == expected.folderPaths
        if sameFiles && sameFolders { return nil }
        let fileLines = TreeSnapshot(entries: installed.files)
            .differences(from: TreeSnapshot(entries: expected.files))
        let folderLines = installed.folderPaths.symmetricDifference(expected.folderPaths).sorted()
        return "files: \(fileLines)\nfolders differing: \(folderLines)"
    }
}

extension TreeSnapshot {
    init(entries: [String: Entry]) {
        self.entries = entries
    }
}
