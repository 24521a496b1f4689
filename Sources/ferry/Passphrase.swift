import FerryCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The longest passphrase read, in bytes: minisign reads passwords into a 1024-byte buffer,
/// and a key must stay usable there.
private let passphraseLimit = 1000

/// Reads a passphrase: the first line of `file` when one is given, otherwise a line typed on
/// the terminal with echo off, typed twice when `confirm`. The caller wipes the result.
func readPassphrase(file: String?, prompt: String, confirm: Bool) throws -> [UInt8] {
    if let file {
        return try readPassphraseFile(file)
    }
    let terminal = try Terminal()
    defer { terminal.release() }

    var first = try terminal.readHidden(prompt: prompt)
    guard confirm else { return first }
    var second = try terminal.readHidden(prompt: "Type it again: ")
    defer { Secrets.wipe(&second) }
    guard first == second else {
        Secrets.wipe(&first)
        throw KeyError.passphraseMismatch
    }
    return first
}

/// The first line of a passphrase file, so that a file written by `echo` works.
private func readPassphraseFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        throw KeyError.unreadablePassphraseFile(path: path, reason: lastError())
    }
    defer { close(fd) }
    return try readLine(from: fd, source: path)
}

/// One line read a byte at a time, so that nothing past the newline is consumed. The buffer is
/// reserved in full up front: growing it would leave copies of the passphrase behind.
private func readLine(from fd: Int32, source: String) throws -> [UInt8] {
    var line = [UInt8]()
    line.reserveCapacity(passphraseLimit + 1)
    var byte: UInt8 = 0
    while true {
        let count = read(fd, &byte, 1)
        if count < 0, errno == EINTR { continue }
        if count < 0 {
            Secrets.wipe(&line)
            throw KeyError.unreadablePassphraseFile(path: source, reason: lastError())
        }
        if count == 0 || byte == UInt8(ascii: "\n") { break }
        guard line.count < passphraseLimit else {
            Secrets.wipe(&line)
            throw KeyError.passphraseTooLong(source: source, limit: passphraseLimit)
        }
        line.append(byte)
    }
    byte = 0

    if line.last == UInt8(ascii: "\r") {
        line[line.count - 1] = 0
        line.removeLast()
    }
    guard !line.isEmpty else { throw KeyError.emptyPassphrase(source: source) }
    return line
}

/// The controlling terminal, opened directly so that a passphrase is asked for even when
/// stdin and stdout are redirected.
private struct Terminal {
    let fd: Int32

    init() throws {
        fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw KeyError.noTerminal }
    }

    func release() {
        close(fd)
    }

    /// Prints `prompt` and reads a line with echo off. Echo comes back however this ends: on
    /// return, on error, and on a signal such as Ctrl-C.
    func readHidden(prompt: String) throws -> [UInt8] {
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { throw KeyError.noTerminal }
        var hidden = settings
        // ECHONL still shows the newline, so the next output starts on a fresh line.
        hidden.c_lflag = (hidden.c_lflag & ~tcflag_t(ECHO)) | tcflag_t(ECHONL)

        show(prompt)
        let previousHandlers = restoreOnSignals(fd: fd, settings: settings)
        tcsetattr(fd, TCSAFLUSH, &hidden)
        defer {
            tcsetattr(fd, TCSAFLUSH, &settings)
            restoreHandlers(previousHandlers)
        }
        return try readLine(from: fd, source: "the terminal")
    }

    private func show(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

/// The terminal settings to put back if a signal ends the program while echo is off. A C
/// signal handler can reach only globals; it is set before any handler that reads it.
nonisolated(unsafe) private var echoToRestore: (fd: Int32, settings: termios)?

private let fatalSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

private func restoreOnSignals(fd: Int32, settings: termios) -> [sighandler_t?] {
    echoToRestore = (fd, settings)
    return fatalSignals.map { signal($0, restoreEchoAndDie) }
}

private func restoreHandlers(_ handlers: [sighandler_t?]) {
    for (signalNumber, handler) in zip(fatalSignals, handlers) {
        signal(signalNumber, handler)
    }
    echoToRestore = nil
}

/// Puts echo back, then lets the signal do what it would have done.
private func restoreEchoAndDie(_ signalNumber: Int32) {
    if var saved = echoToRestore {
        tcsetattr(saved.fd, TCSAFLUSH, &saved.settings)
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

private func lastError() -> String {
    String(cString: strerror(errno))
}
