import Foundation

/// A temporary folder for one test, removed with everything in it when the test ends.
final class TempFolder {
    /// The folder's absolute path.
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/ferry-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
    }

    deinit {
        TempFolder.makeWritable(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The absolute path of `relative` inside the folder.
    func path(_ relative: String) -> String { root + "/" + relative }

    /// Makes a folder (and its parents) inside this one; returns its path.
    @discardableResult
    func makeFolder(_ relative: String) throws -> String {
        try FileManager.default.createDirectory(
            atPath: path(relative), withIntermediateDirectories: true)
        return path(relative)
    }

    /// Writes `bytes` to `relative`.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path(relative)))
        return path(relative)
    }

    /// Writes `text` to `relative`.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    /// Copies everything in `other` here with `cp -a` (modes, links and hard links kept),
    /// except the output files of runs made there.
    func copyContents(of other: TempFolder) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: other.root)
            .filter { !$0.hasPrefix(".run-") }.sorted()
        let result = try Runner.run(
            "/bin/cp", ["-a"] + names.map(other.path) + [root + "/"], in: self)
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: root])
        }
    }

    /// The bytes of `relative`.
    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    /// The permission bits of `relative`.
    func mode(_ relative: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path(relative))
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    /// Read-only folders (copied fixtures, restored trees) must not stop the cleanup.
    private static func makeWritable(_ root: String) {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return }
        while let name = walker.nextObject() as? String {
            let full = root + "/" + name
            if let type = walker.fileAttributes?[.type] as? FileAttributeType,
                type == .typeDirectory
            {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: full)
            }
        }
    }
}
