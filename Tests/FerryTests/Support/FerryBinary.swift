import Foundation
import Testing

/// How one run of a program ended and what it printed.
struct RunResult: CustomStringConvertible {
    /// The exit status, or the signal number when a signal ended the program.
    let status: Int32
    /// Whether a signal ended the program.
    var signalled = false
    let stdout: String
    let stderr: String

    /// The lines of standard error, without the final newline.
    var stderrLines: [Substring] {
        stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
            stderr.hasSuffix("\n") ? 1 : 0)
    }

    var description: String {
        "\(signalled ? "signal" : "exit") \(status)\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// Runs programs with their output captured in files, so that neither pipe can fill up and
/// block the child, and with a small, fixed environment.
enum Runner {
    /// The environment every run starts from: no SOURCE_DATE_EPOCH or other leftovers of the
    /// caller's environment, and a HOME that the test owns.
    static func environment(home: String, extra: [String: String]) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": home, "LC_ALL": "C.UTF-8"].merging(extra) { $1 }
    }

    static func run(
        _ executable: String, _ arguments: [String], in folder: TempFolder,
        environment extra: [String: String] = [:]
    ) throws -> RunResult {
        let outputPath = folder.path(".run-stdout")
        let errorPath = folder.path(".run-stderr")
        try Data().write(to: URL(fileURLWithPath: outputPath))
        try Data().write(to: URL(fileURLWithPath: errorPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.root)
        process.environment = environment(home: folder.root, extra: extra)
        process.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return RunResult(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            stdout: try String(contentsOfFile: outputPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errorPath, encoding: .utf8))
    }
}

/// The `ferry` executable that `swift build` put next to the test bundle.
enum FerryBinary {
    /// Its path, or nil when it cannot be found.
    static let path: String? = {
        var folders = [URL]()
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        if let executable = try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe")
        {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders.map(productsFolder) {
            let candidate = folder.appendingPathComponent("ferry").path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder),
                !isFolder.boolValue, FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }()

    /// The folder holding the `.xctest` bundle when `url` lies inside one, else `url`.
    private static func productsFolder(_ url: URL) -> URL {
        let components = url.standardizedFileURL.pathComponents
        guard let bundle = components.firstIndex(where: { $0.hasSuffix(".xctest") }) else {
            return url
        }
        return URL(fileURLWithPath: components[0..<bundle].joined(separator: "/"))
    }

    /// Runs `ferry arguments` in `folder`.
    static func run(
        _ arguments: [String], in folder: TempFolder, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        let binary = try #require(
            path,
            """
            the ferry executable is not next to the test bundle (\(CommandLine.arguments[0])); \
            build it first: swift build && swift test
            """,
            sourceLocation: sourceLocation)
        return try Runner.run(binary, arguments, in: folder, environment: environment)
    }
}

/// Checks on a run's outcome that every end-to-end test shares.
enum Outcome {
    /// The run exited 0; otherwise the failure shows what it printed.
    static func expectSuccess(
        _ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    }

    /// The run exited `status` with exactly one line on stderr, starting "ferry: error: ", and
    /// nothing on stdout.
    static func expectError(
        _ result: RunResult, status: Int32, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("ferry: error: ") && result.stderr.hasSuffix("\n"),
            "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
    }

    /// Parses the run's stdout as one JSON object.
    static func json(
        _ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(
            object as? [String: Any], "stdout is not a JSON object: \(result)",
            sourceLocation: sourceLocation)
    }
}
