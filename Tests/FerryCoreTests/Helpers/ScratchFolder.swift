import Foundation

/// A temporary folder for one test, removed with everything in it when the test ends.
final class ScratchFolder {
    /// The folder's absolute path.
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/ferry-core-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relative` inside the folder.
    func file(_ relative: String) -> String { path + "/" + relative }

    /// Writes `bytes` to `relative` with `mode`, creating the folders on the way.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8], mode: Int = 0o644) throws -> String {
        let full = file(relative)
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
        return full
    }

    /// Writes `text` to `relative` with `mode`, creating the folders on the way.
    @discardableResult
    func write(_ relative: String, _ text: String, mode: Int = 0o644) throws -> String {
        try write(relative, Array(text.utf8), mode: mode)
    }

    /// The bytes of `relative`.
    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(relative))))
    }

    /// The permission bits of `relative`.
    func mode(_ relative: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: file(relative))
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    /// Whether anything exists at `relative`.
    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: file(relative))
    }

    /// Every regular file below `relative` (or the whole folder), as path, mode and bytes,
    /// skipping `skipping` (a top-level name such as ".ferry").
    func files(under relative: String = "", skipping: String? = nil) throws -> [String: FileImage] {
        let root = relative.isEmpty ? path : file(relative)
        var result = [String: FileImage]()
        let walker = FileManager.default.enumerator(atPath: root)
        while let name = walker?.nextObject() as? String {
            if let skipping, name == skipping || name.hasPrefix(skipping + "/") { continue }
            let full = root + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
            result[name] = FileImage(mode: mode, bytes: bytes)
        }
        return result
    }
}

/// One file's mode and bytes, to compare folders.
struct FileImage: Equatable {
    let mode: Int
    let bytes: [UInt8]
}
