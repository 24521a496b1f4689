import Foundation
import Testing

/// A set of releases to publish, oldest first.
struct DataSet: Sendable, CustomTestStringConvertible {
    let name: String
    let channel: String
    /// Absolute paths of the release folders, oldest first; each folder's name is its label.
    let releases: [String]

    var testDescription: String { name }

    /// The repository's root, found from this file's place in it.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The five sample releases, in the order of their names (dates).
    static let samples: DataSet = {
        let folder = repository + "/samples/releases"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return DataSet(
            name: "samples", channel: "av-bases", releases: names.sorted().map { folder + "/" + $0 }
        )
    }()

    /// Three real releases of certifi. Their names do not sort by date, so the order is the
    /// one the fixture's README gives.
    static let certifi = DataSet(
        name: "certifi", channel: "certifi",
        releases: ["2026.5.20", "2026.7.22", "2026.10.19.post1"].map {
            repository + "/Tests/Fixtures/certifi/" + $0
        })

    static let all = [samples, certifi]

    /// The label of version `version`: its release folder's name.
    func label(_ version: Int) -> String {
        URL(fileURLWithPath: releases[version - 1]).lastPathComponent
    }
}

/// One test's online and offline machines in a temporary folder: a key pair `k.key` and
/// `k.pub` (no passphrase), a store `store` with every release of a data set published, and
/// helpers to pack and apply bundles.
final class Workshop {
    let folder: TempFolder
    let data: DataSet

    init(_ data: DataSet = .samples, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.data = data
        folder = try TempFolder()
        try #require(data.releases.count >= 2, "the data set \(data.name) has too few releases")
        try makeKey("k", sourceLocation: sourceLocation)
        for (index, release) in data.releases.enumerated() {
            let result = try ferry([
                "publish", "--store", "store", "--channel", data.channel, "--label",
                data.label(index + 1), release,
            ])
            try #require(
                result.status == 0, "publish failed: \(result)", sourceLocation: sourceLocation)
        }
    }

    /// A workshop whose folder is a copy of `other`'s (keys, store, targets, bundles), for
    /// tests that need many identical workshops without publishing and packing for each.
    init(copying other: Workshop) throws {
        data = other.data
        folder = try TempFolder()
        try folder.copyContents(of: other.folder)
    }

    /// The number of the latest version.
    var latest: Int { data.releases.count }

    /// Runs ferry in the workshop's folder.
    func ferry(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try FerryBinary.run(arguments, in: folder, environment: environment)
    }

    /// Makes the unencrypted key pair `NAME.key`, `NAME.pub`.
    func makeKey(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try ferry([
            "keygen", "--secret-key", name + ".key", "--public-key", name + ".pub",
            "--no-passphrase",
        ])
        try #require(result.status == 0, "keygen failed: \(result)", sourceLocation: sourceLocation)
    }

    /// Packs a bundle from `since` (nil: full) to `to` (nil: latest) into `output`.
    @discardableResult
    func pack(
        since: Int?, to: Int? = nil, output: String, store: String = "store", key: String = "k.key",
        extra: [String] = [], environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        var arguments = ["pack", "--store", store, "--secret-key", key, "--output", output]
        arguments += since.map { ["--since", String($0)] } ?? ["--full"]
        arguments += to.map { ["--to", String($0)] } ?? []
        let result = try ferry(arguments + extra, environment: environment)
        try #require(result.status == 0, "pack failed: \(result)", sourceLocation: sourceLocation)
        return folder.path(output)
    }

    /// Runs `ferry apply BUNDLE --target TARGET --trust k.pub` plus `extra`.
    func apply(_ bundle: String, target: String = "target", extra: [String] = []) throws
        -> RunResult
    {
        try ferry(["apply", bundle, "--target", target, "--trust", "k.pub"] + extra)
    }

    /// Makes an empty target folder and installs version `version` with a full bundle, then
    /// each version up to `upTo` with delta bundles.
    func installTarget(
        _ target: String = "target", version: Int = 1, upTo: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try folder.makeFolder(target)
        let full = try pack(since: nil, to: version, output: "full-\(version).bundle")
        let first = try apply(full, target: target)
        try #require(first.status == 0, "apply failed: \(first)", sourceLocation: sourceLocation)
        for next in stride(from: version + 1, through: upTo ?? version, by: 1) {
            let delta = try pack(since: next - 1, to: next, output: "delta-\(next).bundle")
            let result = try apply(delta, target: target)
            try #require(
                result.status == 0, "apply failed: \(result)", sourceLocation: sourceLocation)
        }
    }

    /// Nil when `target` holds exactly release `version`, else what differs.
    func differences(target: String = "target", release version: Int) throws -> String? {
        try ReleaseComparison.differences(
            target: folder.path(target), release: data.releases[version - 1])
    }

    /// A snapshot of the target and its state, ignoring only whether the lock file exists.
    func snapshot(_ target: String = "target") throws -> TreeSnapshot {
        try TreeSnapshot(of: folder.path(target), excluding: [".ferry/lock"])
    }
}
