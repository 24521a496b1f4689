/// One option a command accepts.
struct OptionSpec {
    /// "--store".
    let name: String
    /// The placeholder for its value, or nil for a flag.
    let value: String?
    /// One line of help.
    let help: String
    /// Whether it may be given more than once.
    var repeatable = false
    /// A one-letter alias such as "-q".
    var short: String?
}

/// What a command accepts and how it describes itself.
struct CommandSpec {
    /// The subcommand name.
    let name: String
    /// One line for the command list.
    let summary: String
    /// The usage line after "ferry NAME".
    let usage: String
    /// Its options, besides --help and --quiet which every command has.
    let options: [OptionSpec]
    /// The names of positional arguments, all required.
    let positionals: [String]

    /// The text `--help` prints.
    var help: String {
        let width = (options + CommandSpec.common).map { label($0).count }.max() ?? 0
        let lines = (options + CommandSpec.common).map { option in
            "  " + label(option).padding(toLength: width + 2) + option.help
        }
        return "usage: ferry \(name) \(usage)\n\n\(summary)\n\noptions:\n"
            + lines.joined(separator: "\n") + "\n"
    }

    private func label(_ option: OptionSpec) -> String {
        let names = option.short.map { "\($0), \(option.name)" } ?? option.name
        return option.value.map { "\(names) \($0)" } ?? names
    }

    /// Options every command takes.
    static let common = [
        OptionSpec(name: "--quiet", value: nil, help: "print nothing but errors", short: "-q"),
        OptionSpec(name: "--help", value: nil, help: "show this help", short: "-h"),
    ]
}

/// A parsed command line: options by name and the positional arguments.
struct Arguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []

    /// Parses `words` against `spec`; every unknown option, missing value or wrong count of
    /// positional arguments is a usage error naming it.
    init(_ words: [String], spec: CommandSpec) throws(UsageError) {
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--" {
                positionals += rest
                break
            }
            guard word.hasPrefix("-") && word.count > 1 else {
                positionals.append(word)
                continue
            }
            try take(word, from: &rest, spec: spec)
        }
        if has("--help") { return }
        guard positionals.count == spec.positionals.count else {
            let expected =
                spec.positionals.isEmpty ? "no arguments" : spec.positionals.joined(separator: " ")
            throw UsageError(
                "'ferry \(spec.name)' takes \(expected); usage: ferry \(spec.name) \(spec.usage)")
        }
    }

    /// Records the option `word`, taking its value from `rest` when it has one.
    private mutating func take(
        _ word: String, from rest: inout ArraySlice<String>, spec: CommandSpec
    )
        throws(UsageError)
    {
        let (name, inline) = Arguments.split(word)
        let options = spec.options + CommandSpec.common
        guard let option = options.first(where: { $0.name == name || $0.short == name }) else {
            throw UsageError(
                "unknown option \(name) for 'ferry \(spec.name)'; see 'ferry \(spec.name) --help'")
        }

        var value = ""
        if let placeholder = option.value {
            guard let given = inline ?? rest.popFirst() else {
                throw UsageError("\(option.name) needs a value (\(placeholder))")
            }
            value = given
        } else if inline != nil {
            throw UsageError("\(option.name) takes no value")
        }
        if values[option.name] != nil && !option.repeatable {
            throw UsageError("\(option.name) is given more than once")
        }
        values[option.name, default: []].append(value)
    }

    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else {
            return (word, nil)
        }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Whether a flag or option was given.
    func has(_ name: String) -> Bool { values[name] != nil }

    /// The value of an option given at most once.
    func value(_ name: String) -> String? { values[name]?.last }

    /// All values of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of a required option.
    func required(_ name: String, _ why: String = "") throws(UsageError) -> String {
        guard let value = value(name), !value.isEmpty else {
            throw UsageError("\(name) is required\(why.isEmpty ? "" : " " + why)")
        }
        return value
    }

    /// The value of an option as a whole number within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                "\(name) takes a whole number from \(range.lowerBound) to "
                    + "\(range.upperBound), not '\(text)'"
            )
        }
        return number
    }
}

/// The command line is wrong; the message names the option and the fix.
struct UsageError: FerryErrorBridge {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
