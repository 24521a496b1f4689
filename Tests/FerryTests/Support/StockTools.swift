import Foundation
import Testing

/// The standard tools an auditor uses on a bundle. A missing one fails the test rather than
/// skipping it: that bundles can be audited with them is part of what ferry promises.
enum StockTools {
    static let tar = "/usr/bin/tar"
    static let minisign = "/usr/bin/minisign"
    static let zstd = "/usr/bin/zstd"
    static let b2sum = "/usr/bin/b2sum"

    static func run(
        _ tool: String, _ arguments: [String], in folder: TempFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        try #require(
            FileManager.default.isExecutableFile(atPath: tool),
            "\(tool) is missing; run ./test.sh (the README's test command), which installs it",
            sourceLocation: sourceLocation)
        return try Runner.run(tool, arguments, in: folder)
    }

    /// The hex digest `b2sum -l 256` prints for `relative`.
    static func blake2b256(_ relative: String, in folder: TempFolder) throws -> String {
        let result = try run(b2sum, ["-l", "256", relative], in: folder)
        try #require(result.status == 0, "\(result)")
        return String(result.stdout.prefix(64))
    }
}
