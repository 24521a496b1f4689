import Foundation
import Testing

@testable import FerryCore

/// A store with two small releases, a key pair, the bundles full-1 and 1-to-2, and an empty
/// target folder: what an online and an offline machine hold, in one scratch folder.
final class TargetBench {
    let folder: ScratchFolder
    let store: Store
    let key: SecretKey
    let trust: TrustStore
    static let created = 1_700_000_000

    /// The first release: two databases, a rule and an executable hook.
    static let first: [(String, String, Int)] = [
        ("main.sigs", "main signatures\n", 0o644),
        ("daily.sigs", "daily signatures, first day\n", 0o644),
        ("rules/a.rules", "rule a\n", 0o644),
        ("tools/hook.sh", "#!/bin/sh\necho hook\n", 0o755),
    ]

    /// The second release: main unchanged, daily replaced, the rule renamed, the hook's
    /// mode changed, and a new database.
    static let second: [(String, String, Int)] = [
        ("main.sigs", "main signatures\n", 0o644),
        ("daily.sigs", "daily signatures, second day\n", 0o644),
        ("rules/b.rules", "rule a\n", 0o644),
        ("tools/hook.sh", "#!/bin/sh\necho hook\n", 0o700),
        ("new.sigs", "a new database\n", 0o600),
    ]

    init() throws {
        folder = try ScratchFolder()
        store = try Store.openOrCreate(folder.file("store"), channel: "av")
        let publicKey = try KeyGenerator.generate(
            secretKeyPath: folder.file("k.key"), publicKeyPath: folder.file("k.pub"),
            comment: nil, passphrase: nil, force: false)
        key = try SecretKey.load(path: folder.file("k.key")) { [] }
        trust = TrustStore(keys: [publicKey])

        try write(Self.first, to: "release1")
        try write(Self.second, to: "release2")
        for (index, name) in ["release1", "release2"].enumerated() {
            _ = try Publisher(store: store).publish(
                folder.file(name), label: "r\(index + 1)", time: Self.created)
        }
        _ = try pack(from: nil, to: 1, as: "full1.bundle")
        _ = try pack(from: 1, to: 2, as: "delta12.bundle")
        try FileManager.default.createDirectory(
            atPath: folder.file("target"), withIntermediateDirectories: false)
    }

    private func write(_ files: [(String, String, Int)], to release: String) throws {
        for (path, text, mode) in files {
            try folder.write(release + "/" + path, text, mode: mode)
        }
    }

    /// Packs a bundle into the scratch folder and returns its manifest.
    func pack(from: Int?, to: Int, as name: String) throws -> Manifest {
        let options = PackOptions(from: from, to: to, level: 3, created: Self.created)
        return try Packer(store: store, key: key).pack(options, to: folder.file(name))
    }

    /// A fresh handle on the target, as each ferry command opens one.
    func target() throws -> Target {
        try Target.open(folder.file("target"))
    }

    func apply(_ bundle: String, dryRun: Bool = false) throws -> ApplyReport {
        var options = ApplyOptions(trust: trust, now: Self.created + 60)
        options.dryRun = dryRun
        return try Applier(target: try target(), options: options).apply(folder.file(bundle))
    }

    func rollback(to version: Int? = nil) throws -> RollbackReport {
        try Rollback(target: try target(), now: Self.created + 120).rollback(to: version)
    }

    func status() throws -> TargetStatus {
        try TargetStatus.read(try target(), check: true)
    }

    /// The target's files, without ferry's state folder.
    func installed() throws -> [String: FileImage] {
        try folder.files(under: "target", skipping: ".ferry")
    }

    /// The files of `release` ("release1" or "release2").
    func release(_ name: String) throws -> [String: FileImage] {
        try folder.files(under: name)
    }
}
