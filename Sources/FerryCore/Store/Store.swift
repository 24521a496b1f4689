import Foundation

/// The online store of one channel: `store.json`, `versions/N.json` and content-addressed
/// `objects/xx/HASH`, each object zstd-compressed and kept once however many versions
/// share it.
public final class Store {
    /// The store's folder.
    public let folder: Directory
    /// The channel the store holds.
    public let channel: String

    private init(folder: Directory, channel: String) {
        self.folder = folder
        self.channel = channel
    }

    /// Opens an existing store.
    public static func open(_ path: String) throws -> Store {
        guard let folder = try? Directory.open(path), try folder.exists("store.json") else {
            throw isNonFolder(path) ? StoreError.notAFolder(path) : StoreError.notAStore(path)
        }
        guard let header = try JSONFile.read(StoreHeader.self, from: "store.json", in: folder)
        else {
            throw StoreError.notAStore(path)
        }
        guard header.format == 1 else { throw StoreError.unsupportedFormat(path, header.format) }
        return Store(folder: folder, channel: header.channel)
    }

    /// Opens the store at `path`, creating it for `channel` when it does not exist yet.
    public static func openOrCreate(_ path: String, channel: String?) throws -> Store {
        if let existing = try? Directory.open(path), try existing.exists("store.json") {
            let store = try open(path)
            if let channel, channel != store.channel {
                throw StoreError.channelMismatch(path, store.channel, channel)
            }
            return store
        }
        if isNonFolder(path) { throw StoreError.notAFolder(path) }
        guard let channel else { throw StoreError.channelNeeded(path) }
        if let problem = Channel.problem(with: channel) {
            throw StoreError.badChannel(channel, problem)
        }
        let folder = try Directory.create(path)
        for name in ["versions", "objects", "tmp"] {
            _ = try folder.subdirectory(name, create: true)
        }
        let header = JSONText.object([("format", .integer(1)), ("channel", .string(channel))])
        try JSONFile.write(header, to: "store.json", in: folder)
        return Store(folder: folder, channel: channel)
    }

    /// Whether something other than a folder (following links) is at `path`.
    private static func isNonFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            && !isFolder.boolValue
    }

    /// Takes the store's lock, so two publishers never pick the same version number.
    /// Waits, saying so through `waiting`, while another process holds it.
    public func lock(waiting: () -> Void) throws -> File {
        let lock = try folder.openLockFile("lock")
        if try lock.lock(wait: false) { return lock }
        waiting()
        _ = try lock.lock(wait: true)
        return lock
    }

    /// The numbers of all recorded versions, oldest first.
    public func versionNumbers() throws -> [Int] {
        let names = try folder.subdirectory("versions").entries()
        return names.compactMap { name in
            name.hasSuffix(".json") ? Int(name.dropLast(5)) : nil
        }.sorted()
    }

    /// The newest version, or nil for an empty store.
    public func latest() throws -> StoredVersion? {
        guard let number = try versionNumbers().last else { return nil }
        return try version(number)
    }

    /// The version numbered `number`.
    public func version(_ number: Int) throws -> StoredVersion {
        let versions = try folder.subdirectory("versions")
        guard
            let stored = try JSONFile.read(StoredVersion.self, from: "\(number).json", in: versions)
        else { throw StoreError.noSuchVersion(number, try versionNumbers().last) }
        guard stored.version == number else {
            throw StateFileError(
                path: versions.describe("\(number).json"),
                detail: "it names version \(stored.version)")
        }
        return stored
    }

    /// Records `version` by writing its file last, by rename, so a crash leaves no half
    /// version behind.
    func record(_ version: StoredVersion) throws {
        let versions = try folder.subdirectory("versions")
        try JSONFile.write(version.json, to: "\(version.version).json", in: versions)
    }

    /// The object path for content `hash`, relative to the store.
    func objectPath(_ hash: Digest) -> String {
        "objects/\(hash.hex.prefix(2))/\(hash.hex)"
    }

    /// A folder for temporary files, on the store's file system.
    func temporaryFolder() throws -> Directory {
        try folder.subdirectory("tmp", create: true)
    }
}

private struct StoreHeader: Decodable {
    let format: Int
    let channel: String
}

/// A store cannot be opened or does not have what was asked for.
public enum StoreError: FerryError {
    /// The folder has no store.json.
    case notAStore(String)
    /// A newer store format.
    case unsupportedFormat(String, Int)
    /// Something other than a folder is where the store should be.
    case notAFolder(String)
    /// A new store needs a channel name.
    case channelNeeded(String)
    /// The channel name is not acceptable.
    case badChannel(String, String)
    /// --channel names another channel than the store holds.
    case channelMismatch(String, String, String)
    /// No version with that number.
    case noSuchVersion(Int, Int?)
    /// An object file is missing or damaged.
    case damagedObject(String)
    /// The source folder changed while it was being published.
    case sourceChanged(String)

    /// Missing things the user named are usage errors; damage is I/O.
    public var kind: FailureKind {
        switch self {
        case .damagedObject, .sourceChanged: return .io
        default: return .usage
        }
    }

    /// One sentence.
    public var description: String {
        switch self {
        case .notAStore(let path):
            return "\(path) is not a ferry store; publish into it with --channel NAME to create one"
        case .unsupportedFormat(let path, let format):
            return "\(path) has store format \(format), which this ferry cannot read; update ferry"
        case .notAFolder(let path):
            return "\(path) is not a folder; give the store's folder (publish --channel NAME "
                + "creates one at a new path)"
        case .channelNeeded(let path):
            return "\(path) does not exist yet; give --channel NAME to create a store there"
        case .badChannel(let name, let problem): return "the channel name '\(name)' \(problem)"
        case .channelMismatch(let path, let has, let given):
            return
                "\(path) holds channel '\(has)', not '\(given)'; drop --channel or use "
                + "another store"
        case .noSuchVersion(let number, let latest):
            let known =
                latest.map { "versions go from 1 to \($0)" } ?? "the store has no versions yet"
            return "the store has no version \(number); \(known)"
        case .damagedObject(let path):
            return "the store object \(path) is missing or damaged; publish that release again"
        case .sourceChanged(let path):
            return "\(path) changed while it was being published; publish again once it is stable"
        }
    }
}
