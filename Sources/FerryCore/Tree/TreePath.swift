import Foundation

/// The rules every path in a tree or manifest obeys. Only the manifest decides where bytes
/// go, so these checks are what stop a signed-but-hostile or corrupt manifest from writing
/// outside the target or over ferry's own state.
public enum TreePath {
    /// The longest path accepted, in bytes (Linux's PATH_MAX less room for the target).
    public static let maximumLength = 1024
    /// The longest single component accepted, in bytes (NAME_MAX).
    public static let maximumComponentLength = 255
    /// The folder inside a target where ferry keeps its state; no tree may use the name.
    public static let stateFolderName = ".ferry"

    /// Why `path` is not acceptable, or nil when it is.
    public static func problem(with path: String) -> String? {
        let bytes = Array(path.utf8)
        if bytes.isEmpty { return "is empty" }
        if bytes.count > maximumLength { return "is longer than \(maximumLength) bytes" }
        if bytes.first == UInt8(ascii: "/") { return "is absolute" }
        if bytes.contains(UInt8(ascii: "\\")) { return "contains a backslash" }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7f }) {
            return "contains a control character"
        }
        return componentProblem(path.split(separator: "/", omittingEmptySubsequences: false))
    }

    private static func componentProblem(_ components: [Substring]) -> String? {
        for component in components {
            if component.isEmpty { return "has an empty component" }
            if component == "." || component == ".." { return "has a '\(component)' component" }
            if component.utf8.count > maximumComponentLength {
                return "has a component longer than \(maximumComponentLength) bytes"
            }
        }
        if components.first == Substring(stateFolderName) {
            return "is inside ferry's state folder \(stateFolderName)"
        }
        return nil
    }

    /// The form two paths share when they differ only in Unicode normalisation (NFC and NFD
    /// twins), which some file systems treat as the same name.
    public static func collisionKey(_ path: String) -> String {
        path.precomposedStringWithCanonicalMapping
    }

    /// Orders paths by their UTF-8 bytes, the order the tree hash is defined in.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
