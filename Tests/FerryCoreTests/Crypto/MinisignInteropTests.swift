import Foundation
import Testing

@testable import FerryCore

extension CryptoTests {
    /// The stock minisign tool, run the way a user or an auditor runs it.
    enum StockMinisign {
        static let path = "/usr/bin/minisign"

        /// What a run printed (stdout and stderr together) and how it ended.
        struct Result {
            let status: Int32
            let output: String
        }

        /// Runs minisign in `folder` with `input` on stdin, which is where minisign 0.11 reads a
        /// password when stdin is not a terminal. A missing minisign fails the test: interop is
        /// part of what ferry promises, so it must not pass silently.
        static func run(
            _ arguments: [String], input: String = "", in folder: KeyTestFolder,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> Result {
            try #require(
                FileManager.default.isExecutableFile(atPath: path),
                "minisign is not installed at \(path); run ./test.sh, which installs it",
                sourceLocation: sourceLocation)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            // A HOME inside the folder: minisign's default key paths must never reach the real one.
            process.environment = ["HOME": folder.path, "PATH": "/usr/bin:/bin"]
            // stdin from a file, not a pipe: writing to a pipe that minisign never reads could
            // raise SIGPIPE in the test runner.
            process.standardInput = try stdinFile(input, in: folder)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe

            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let output = String(decoding: data, as: UTF8.self)
            return Result(status: process.terminationStatus, output: output)
        }

        private static func stdinFile(_ input: String, in folder: KeyTestFolder) throws
            -> FileHandle
        {
            let path = try folder.write(".stdin", input)
            return try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        }
    }
}

extension CryptoTests {
    @Suite struct MinisignInteropTests {
        static let message = "database update manifest\n"

        /// A folder with `data` to sign and an unencrypted minisign key pair `m.key`, `m.pub`.
        static func folderWithMinisignKey() throws -> KeyTestFolder {
            let folder = try KeyTestFolder()
            try folder.write("data", message)
            let made = try StockMinisign.run(
                ["-G", "-W", "-p", "m.pub", "-s", "m.key"], in: folder)
            try #require(made.status == 0, "minisign -G -W failed: \(made.output)")
            return folder
        }

        @Test func minisignUnencryptedKeySignsInFerryAndVerifiesInMinisign() throws {
            let folder = try Self.folderWithMinisignKey()
            let key = try loadUnencrypted(folder.file("m.key"))
            #expect(key.publicKey == (try PublicKey.load(path: folder.file("m.pub"))))

            let signature = Signature.sign(
                Array(Self.message.utf8), with: key, trustedComment: "ferry test\tto:4",
                untrustedComment: "signature from ferry secret key")
            try Data(signature.fileText).write(
                to: URL(fileURLWithPath: folder.file("data.minisig")))

            // -H: minisign must find a prehashed signature, as ferry only writes those.
            let checked = try StockMinisign.run(
                ["-V", "-H", "-m", "data", "-p", "m.pub"], in: folder)
            #expect(checked.status == 0, "\(checked.output)")
            #expect(checked.output.contains("Trusted comment: ferry test\tto:4"))
        }

        @Test func minisignSignatureVerifiesInFerry() throws {
            let folder = try Self.folderWithMinisignKey()
            let signed = try StockMinisign.run(
                ["-S", "-s", "m.key", "-m", "data", "-t", "channel:av to:4"], in: folder)
            try #require(signed.status == 0, "\(signed.output)")

            let signature = try Signature(minisignText: Array(folder.text("data.minisig").utf8))
            let publicKey = try PublicKey.load(path: folder.file("m.pub"))
            #expect(signature.trustedComment == "channel:av to:4")
            try signature.verify(Array(Self.message.utf8), with: publicKey)
            #expect(throws: KeyError.badSignature(keyID: publicKey.keyID)) {
                try signature.verify(Array("database update manifesT\n".utf8), with: publicKey)
            }
        }

        @Test func minisignDefaultTrustedCommentWithItsTabIsAccepted() throws {
            let folder = try Self.folderWithMinisignKey()
            let signed = try StockMinisign.run(["-S", "-s", "m.key", "-m", "data"], in: folder)
            try #require(signed.status == 0, "\(signed.output)")

            let signature = try Signature(minisignText: Array(folder.text("data.minisig").utf8))
            #expect(signature.trustedComment.hasPrefix("timestamp:"))
            #expect(signature.trustedComment.contains("\tfile:data"))
            try signature.verify(
                Array(Self.message.utf8), with: PublicKey.load(path: folder.file("m.pub")))
        }

        @Test func minisignLegacySignatureIsRefused() throws {
            let folder = try Self.folderWithMinisignKey()
            let signed = try StockMinisign.run(
                ["-S", "-l", "-s", "m.key", "-m", "data"], in: folder)
            try #require(signed.status == 0, "\(signed.output)")

            let error = #expect(throws: KeyError.self) {
                try Signature(minisignText: Array(folder.text("data.minisig").utf8))
            }
            #expect(caseName(error) == "legacySignature")
        }

        @Test func ferryUnencryptedKeySignsInMinisign() throws {
            let folder = try KeyTestFolder()
            try folder.write("data", Self.message)
            let publicKey = try KeyGenerator.generate(
                secretKeyPath: folder.file("f.key"), publicKeyPath: folder.file("f.pub"),
                comment: nil, passphrase: nil, force: false)

            let signed = try StockMinisign.run(["-S", "-s", "f.key", "-m", "data"], in: folder)
            #expect(signed.status == 0, "\(signed.output)")
            let checked = try StockMinisign.run(
                ["-V", "-H", "-m", "data", "-p", "f.pub"], in: folder)
            #expect(checked.status == 0, "\(checked.output)")
            try Signature(minisignText: Array(folder.text("data.minisig").utf8))
                .verify(Array(Self.message.utf8), with: publicKey)
        }

        /// Uses the real "sensitive" scrypt limits, as `ferry keygen` does: about 1 GiB and a few
        /// seconds, in ferry and again in minisign.
        @Test func ferryEncryptedKeySignsInMinisign() throws {
            let folder = try KeyTestFolder()
            try folder.write("data", Self.message)
            let publicKey = try KeyGenerator.generate(
                secretKeyPath: folder.file("f.key"), publicKeyPath: folder.file("f.pub"),
                comment: nil, passphrase: Array("correct horse".utf8), force: false)

            let wrong = try StockMinisign.run(
                ["-S", "-s", "f.key", "-m", "data"], input: "battery staple\n", in: folder)
            #expect(wrong.status != 0)
            #expect(wrong.output.contains("Wrong password"), "\(wrong.output)")

            let signed = try StockMinisign.run(
                ["-S", "-s", "f.key", "-m", "data"], input: "correct horse\n", in: folder)
            #expect(signed.status == 0, "\(signed.output)")
            try Signature(minisignText: Array(folder.text("data.minisig").utf8))
                .verify(Array(Self.message.utf8), with: publicKey)
        }

        @Test func minisignEncryptedKeyLoadsInFerry() throws {
            let folder = try KeyTestFolder()
            let made = try StockMinisign.run(
                ["-G", "-p", "m.pub", "-s", "m.key"], input: "pass phrase\npass phrase\n",
                in: folder)
            try #require(made.status == 0, "\(made.output)")

            let key = try SecretKey.load(path: folder.file("m.key")) { Array("pass phrase".utf8) }
            #expect(key.publicKey == (try PublicKey.load(path: folder.file("m.pub"))))
            #expect(throws: KeyError.wrongPassphrase(path: folder.file("m.key"))) {
                try SecretKey.load(path: folder.file("m.key")) { Array("pass phrasE".utf8) }
            }
        }

        /// Ed25519 is deterministic, so the same key, file and comments must give the same bytes
        /// in both tools: the strictest check that ferry writes minisign's formats.
        @Test func ferryAndMinisignWriteIdenticalFiles() throws {
            let folder = try KeyTestFolder()
            try folder.write("data", Self.message)
            let key = SecretKey.fromSeed(RFC8032.seed, keyID: RFC8032.keyID)
            let secretText = try key.fileText(
                comment: "fixed", passphrase: nil, limits: .fast, path: folder.file("seed.key"))
            try Data(secretText).write(to: URL(fileURLWithPath: folder.file("seed.key")))

            let signed = try StockMinisign.run(
                ["-S", "-s", "seed.key", "-m", "data", "-t", "trusted\there", "-c", "untrusted"],
                in: folder)
            try #require(signed.status == 0, "\(signed.output)")
            let ferry = Signature.sign(
                Array(Self.message.utf8), with: key, trustedComment: "trusted\there",
                untrustedComment: "untrusted")
            #expect(
                try folder.text("data.minisig") == String(decoding: ferry.fileText, as: UTF8.self))

            let recreated = try StockMinisign.run(
                ["-R", "-W", "-s", "seed.key", "-p", "seed.pub"], in: folder)
            try #require(recreated.status == 0, "\(recreated.output)")
            // Only the key line is compared: minisign writes this id without its leading zero.
            let recreatedLine = try folder.text("seed.pub").split(separator: "\n").last
            #expect(recreatedLine.map(String.init) == key.publicKey.base64)
        }
    }
}
