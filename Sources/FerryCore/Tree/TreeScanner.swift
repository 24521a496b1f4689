/// Walks a folder and lists its regular files with their modes, sizes and hashes.
public struct TreeScanner {
    /// Called after each file is hashed, so long scans can show progress.
    public var progress: (TreeEntry) -> Void = { _ in }

    /// Makes a scanner.
    public init() {}

    /// The tree of every regular file below `root`. Links, devices and other special files
    /// are refused rather than skipped, so a published version never silently lacks a file.
    public func scan(_ root: Directory, skipping skipped: Set<String> = []) throws -> Tree {
        var entries = [TreeEntry]()
        try walk(root, prefix: "", skipped: skipped, into: &entries)
        try checkCollisions(entries)
        return Tree(entries)
    }

    private func walk(
        _ folder: Directory, prefix: String, skipped: Set<String>, into entries: inout [TreeEntry]
    ) throws {
        for name in try folder.entries() {
            let path = prefix + name
            if skipped.contains(path) { continue }
            guard let status = try folder.status(name) else { continue }

            if status.isDirectory {
                try walk(
                    try folder.subdirectory(name), prefix: path + "/", skipped: skipped,
                    into: &entries)
            } else if status.isRegularFile {
                try checkPath(path)
                let file = try folder.openFile(name)
                let (hash, size) = try ContentHash.of(file)
                let entry = TreeEntry(
                    path: path, mode: status.mode & FileMode.mask, size: size, hash: hash)
                progress(entry)
                entries.append(entry)
            } else {
                throw TreeError.unsupportedFile(
                    folder.describe(name), symbolicLink: status.isSymbolicLink)
            }
        }
    }

    private func checkPath(_ path: String) throws {
        if let problem = TreePath.problem(with: path) {
            throw TreeError.badPath(path, problem)
        }
    }

    private func checkCollisions(_ entries: [TreeEntry]) throws {
        var seen = [String: String]()
        for entry in entries {
            let key = TreePath.collisionKey(entry.path)
            if let other = seen[key] {
                throw TreeError.normalisationTwins(other, entry.path)
            }
            seen[key] = entry.path
        }
    }
}

/// Hashing whole files while they stream past.
public enum ContentHash {
    /// The BLAKE2b-256 and size of everything left in `file`.
    public static func of(_ file: File) throws -> (Digest, Int) {
        let hasher = Hasher256()
        var size = 0
        try Streaming.forEachChunk(of: file) { chunk in
            hasher.update(chunk)
            size += chunk.count
        }
        return (hasher.finish(), size)
    }
}

/// Why a folder cannot be recorded as a tree.
public enum TreeError: FerryError {
    /// A link, device, socket or FIFO where only files and folders may be.
    case unsupportedFile(String, symbolicLink: Bool)
    /// A name that breaks the path rules.
    case badPath(String, String)
    /// Two names that differ only in Unicode normalisation.
    case normalisationTwins(String, String)

    /// Bad inputs to publish are usage errors.
    public var kind: FailureKind { .usage }

    /// One sentence naming the file and the fix.
    public var description: String {
        switch self {
        case .unsupportedFile(let path, let isLink):
            let what = isLink ? "a symbolic link" : "not a regular file or folder"
            return
                "\(path) is \(what); ferry records only regular files, so replace it or remove it"
        case .badPath(let path, let problem):
            return "the path \(path) \(problem); rename it before publishing"
        case .normalisationTwins(let first, let second):
            return "\(first) and \(second) differ only in Unicode normalisation; keep one of them"
        }
    }
}
