import Foundation
import Testing

/// A standard tool (b2sum, zstd) run the way an auditor runs it. A missing tool fails the
/// test: interoperability is part of what ferry promises, so it must not pass silently.
struct StockTool {
    /// How a run ended and what it printed.
    struct Result {
        let status: Int32
        let output: [UInt8]
        let errors: String

        var text: String { String(decoding: output, as: UTF8.self) }
    }

    let path: String

    static let b2sum = StockTool(path: "/usr/bin/b2sum")
    static let zstd = StockTool(path: "/usr/bin/zstd")

    /// Runs the tool with `arguments` in `folder`, its output captured in files there.
    func run(
        _ arguments: [String], in folder: ScratchFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "\(path) is missing; run ./test.sh (the README's test command), which installs it",
            sourceLocation: sourceLocation)
        let outputPath = folder.file(".tool-stdout")
        let errorPath = folder.file(".tool-stderr")
        try folder.write(".tool-stdout", [])
        try folder.write(".tool-stderr", [])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: try folder.bytes(".tool-stdout"),
            errors: String(decoding: try folder.bytes(".tool-stderr"), as: UTF8.self))
    }

    /// The hex digest `b2sum -l 256` prints for `relative` in `folder`.
    static func blake2b256(of relative: String, in folder: ScratchFolder) throws -> String {
        let result = try b2sum.run(["-l", "256", relative], in: folder)
        try #require(result.status == 0, "b2sum failed: \(result.errors)")
        return String(result.text.prefix(64))
    }
}
