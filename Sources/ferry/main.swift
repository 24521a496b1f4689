import FerryCore
import Glibc

/// Every subcommand, in the order `ferry --help` lists them.
enum Commands {
    static let all: [Command.Type] = [
        KeygenCommand.self, PublishCommand.self, LogCommand.self, PackCommand.self,
        InspectCommand.self, VerifyCommand.self, ApplyCommand.self, StatusCommand.self,
        RollbackCommand.self,
    ]
}

/// The version of ferry.
let ferryVersion = "0.1.0"

func overview() -> String {
    let width = Commands.all.map { $0.spec.name.count }.max() ?? 0
    let lines = Commands.all.map {
        "  " + $0.spec.name.padding(toLength: width + 2) + $0.spec.summary
    }
    return """
        usage: ferry COMMAND [OPTIONS]

        ferry carries signed, incremental database updates across an air gap.

        commands:
        \(lines.joined(separator: "\n"))

        Run 'ferry COMMAND --help' for a command's options; the manual is man/ferry.1 in the
        source ('man -l man/ferry.1'), the bundle format man/ferry-bundle.5.
        Exit status: 0 done, 1 failure, 2 bad usage, 3 verification or trust failure,
        4 target not in the needed state, 5 I/O or space failure.

        """
}

func main(_ words: [String]) -> ExitStatus {
    guard let first = words.first else {
        Console.standardError(overview())
        return .usage
    }
    if first == "--help" || first == "-h" || first == "help" {
        print(overview(), terminator: "")
        return .success
    }
    if first == "--version" {
        print("ferry \(ferryVersion)")
        return .success
    }
    guard let command = Commands.all.first(where: { $0.spec.name == first }) else {
        Console.error("unknown command '\(first)'; run 'ferry --help' for the list")
        return .usage
    }
    return run(command, Array(words.dropFirst()))
}

func run(_ command: Command.Type, _ words: [String]) -> ExitStatus {
    do {
        let arguments = try Arguments(words, spec: command.spec)
        if arguments.has("--help") {
            print(command.spec.help, terminator: "")
            return .success
        }
        let console = Console(quiet: arguments.has("--quiet"), json: arguments.has("--json"))
        return try command.run(arguments, console: console)
    } catch let error as FerryError {
        Console.error(error.description)
        return ExitStatus(error.kind)
    } catch {
        Console.error("\(error)")
        return .failure
    }
}

// A file-size limit (ulimit -f) must fail the write with EFBIG, which ferry reports and
// recovers from, rather than kill the process midway; a closed pipe likewise.
signal(SIGXFSZ, SIG_IGN)
signal(SIGPIPE, SIG_IGN)
exit(main(Array(CommandLine.arguments.dropFirst())).rawValue)
