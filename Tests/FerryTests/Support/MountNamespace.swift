import Foundation
import Testing

/// Runs a shell script in a private mount namespace (`unshare -m`, mounts private), where it
/// can mount small tmpfs file systems and read-only binds that no other process sees and that
/// vanish when the script ends. The script runs in the test's folder with `set -eu`; `$FERRY`
/// is the ferry binary, and `run NAME ARGS...` runs ferry with its output in NAME.out and
/// NAME.err and its exit status in NAME.status, whatever that status is.
enum MountNamespace {
    static let prelude = """
        run() {
            name=$1; shift
            set +e
            "$FERRY" "$@" >"$name.out" 2>"$name.err"
            echo $? >"$name.status"
            set -e
        }

        """

    static func run(
        _ script: String, in folder: TempFolder, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let binary = try #require(FerryBinary.path, sourceLocation: sourceLocation)
        let result = try Runner.run(
            "/usr/bin/unshare",
            ["-m", "--propagation", "private", "/bin/sh", "-eu", "-c", prelude + script],
            in: folder, environment: ["FERRY": binary])
        try #require(
            result.status == 0, "the script failed: \(result)", sourceLocation: sourceLocation)
    }

    /// What `run NAME ...` recorded.
    static func outcome(_ name: String, in folder: TempFolder) throws -> RunResult {
        let status = try String(contentsOfFile: folder.path(name + ".status"), encoding: .utf8)
        return RunResult(
            status: Int32(status.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
            stdout: try String(contentsOfFile: folder.path(name + ".out"), encoding: .utf8),
            stderr: try String(contentsOfFile: folder.path(name + ".err"), encoding: .utf8))
    }
}
