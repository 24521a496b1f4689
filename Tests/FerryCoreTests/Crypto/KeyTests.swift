import Foundation
import Testing

@testable import FerryCore

/// The tests of keys, signatures and trust, under one parent so that
/// `swift test --filter Crypto` selects them all.
@Suite enum CryptoTests {}

extension CryptoTests {
    /// RFC 8032, section 7.1, test 1: an Ed25519 seed, its public key, and its signature of the
    /// empty message.
    enum RFC8032 {
        static let seed = bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        static let publicKey = bytes(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        static let emptySignature = bytes(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        /// A fixed id for keys made from `seed`.
        static let keyID = KeyID(bytes: [1, 2, 3, 4, 5, 6, 7, 8])

        static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }
    }

    /// A temporary folder for one test, removed with everything in it when the test ends.
    final class KeyTestFolder {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.path + "/ferry-keys-" + UUID().uuidString
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: false)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        func file(_ name: String) -> String { path + "/" + name }

        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: file(name), atomically: false, encoding: .utf8)
            return file(name)
        }

        func text(_ name: String) throws -> String {
            try String(contentsOfFile: file(name), encoding: .utf8)
        }

        func mode(_ name: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: file(name))
            return (attributes[.posixPermissions] as? Int) ?? -1
        }

        func names() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        }
    }

    /// A named input for a table test; only the name is shown, as inputs can be long.
    struct NamedText: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String

        init(_ name: String, _ text: String) {
            self.name = name
            self.text = text
        }

        var testDescription: String { name }
    }

    /// The name of a KeyError's case, to compare errors whose reasons are worded freely.
    static func caseName(_ error: KeyError?) -> String {
        guard let error else { return "no KeyError" }
        return Mirror(reflecting: error).children.first?.label ?? String(describing: error)
    }

    /// Makes a key pair in `folder` as `key` and `key.pub`, with fast scrypt limits.
    @discardableResult
    static func makeKeyPair(
        in folder: KeyTestFolder, name: String = "key", passphrase: [UInt8]? = nil,
        force: Bool = false
    ) throws -> PublicKey {
        try KeyGenerator.generate(
            secretKeyPath: folder.file(name), publicKeyPath: folder.file(name + ".pub"),
            comment: nil, passphrase: passphrase, force: force, limits: .fast)
    }

    /// A secret key file's 158 bytes, changed by `edit`, written back as a key file.
    static func editSecretKey(_ path: String, _ edit: (inout [UInt8]) -> Void) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var box = [UInt8](Data(base64Encoded: String(lines[1]))!)
        edit(&box)
        let text = "\(lines[0])\n\(Data(box).base64EncodedString())\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// The checksum `minisign -G -W` writes into an unencrypted secret key: none, all zero.
    static let noChecksum = [UInt8](repeating: 0, count: 32)

    /// A secret key that must not ask for a passphrase.
    static func loadUnencrypted(_ path: String) throws -> SecretKey {
        try SecretKey.load(path: path) {
            Issue.record("asked for a passphrase for an unencrypted key")
            return []
        }
    }
}

extension ScryptLimits {
    /// libsodium's "interactive" limits (16 MiB): fast enough to run in every test.
    static let fast = ScryptLimits(opsLimit: 524_288, memLimit: 16_777_216)
}

extension CryptoTests {
    @Suite struct KeyIDTests {
        @Test func printsTheLittleEndianNumberLikeMinisign() {
            // Bytes and id from a key that `minisign -G -W` made.
            let id = KeyID(bytes: [0x45, 0x16, 0xcb, 0xee, 0x71, 0xbc, 0xf8, 0x2e])
            #expect(id.description == "2EF8BC71EECB1645")
        }

        /// minisign 0.11 would print this id as FF; ferry keeps the width fixed.
        @Test func keepsLeadingZeros() {
            let id = KeyID(bytes: [0xff, 0, 0, 0, 0, 0, 0, 0])
            #expect(id.description == "00000000000000FF")
        }
    }
}

extension CryptoTests {
    @Suite struct PublicKeyTests {
        /// The key line of a public key that `minisign -G -W` made.
        static let line = "RWRFFsvucbz4LnJTwE8qz8ruwrtJuWZcV2ZzojggxRsuPMDHXnt7z1qq"
        /// The public key file it wrote.
        static let minisignFile = """
            untrusted comment: minisign public key 2EF8BC71EECB1645
            RWRFFsvucbz4LnJTwE8qz8ruwrtJuWZcV2ZzojggxRsuPMDHXnt7z1qq

            """

        @Test func readsMinisignFileAndWritesItBackExactly() throws {
            let key = try PublicKey(minisignText: Self.minisignFile)
            #expect(key.keyID.description == "2EF8BC71EECB1645")
            #expect(key.fileText(comment: nil) == Self.minisignFile)
            #expect(key.base64 == Self.line)
        }

        @Test(arguments: [
            NamedText("no trailing newline", String(minisignFile.dropLast())),
            NamedText("CRLF", minisignFile.replacingOccurrences(of: "\n", with: "\r\n")),
            NamedText("bare line", line),
            NamedText("bare line with newline", "  \(line) \n"),
        ])
        func acceptsTheFormsPeopleCopy(_ input: NamedText) throws {
            let key = try PublicKey(minisignText: input.text)
            #expect(key == (try PublicKey(minisignText: Self.minisignFile)), "\(input)")
        }

        @Test(arguments: [
            NamedText("empty", ""),
            NamedText("three lines", "untrusted comment: a\n\(line)\nx\n"),
            NamedText("no comment prefix", "comment\n\(line)\n"),
            NamedText("not base64", "untrusted comment: a\nnot base64 at all!\n"),
            NamedText("too short", "RWRFFsvucbz4LnJTwE8qz8ruwrtJuWZcV2Zzojgg"),
            NamedText("signature tag", "RURFFsvucbz4LnJTwE8qz8ruwrtJuWZcV2ZzojggxRsuPMDHXnt7z1qq"),
            NamedText("padding where none belongs", line + "="),
        ])
        func refusesWhatIsNotAKey(_ input: NamedText) {
            let error = #expect(throws: KeyError.self, "\(input)") {
                try PublicKey(minisignText: input.text)
            }
            #expect(caseName(error) == "malformedPublicKey", "\(input)")
            #expect(error?.kind == .usage)
        }

        @Test func customCommentStaysOnOneLine() throws {
            let key = try PublicKey(minisignText: Self.minisignFile)
            let text = key.fileText(comment: "plant 7\nsecond line")
            #expect(text.hasPrefix("untrusted comment: plant 7 second line\n"))
            #expect(try PublicKey(minisignText: text) == key)
        }

        @Test func missingFileIsAnIOError() {
            let error = #expect(throws: KeyError.self) {
                try PublicKey.load(path: "/nonexistent/ferry/key.pub")
            }
            #expect(caseName(error) == "unreadable")
            #expect(error?.kind == .io)
            #expect(error?.description.contains("/nonexistent/ferry/key.pub") == true)
        }
    }
}

extension CryptoTests {
    @Suite struct SecretKeyTests {
        @Test func seedGivesTheRFC8032KeyAndSignature() {
            let key = SecretKey.fromSeed(RFC8032.seed, keyID: RFC8032.keyID)
            #expect(key.publicKey.bytes == RFC8032.publicKey)
            #expect(key.sign([]) == RFC8032.emptySignature)
        }

        @Test func unencryptedKeyLoadsWithoutAskingForAPassphrase() throws {
            let folder = try KeyTestFolder()
            let publicKey = try makeKeyPair(in: folder)

            let key = try loadUnencrypted(folder.file("key"))
            #expect(key.publicKey == publicKey)
            #expect(key.keyID == publicKey.keyID)
            #expect(try PublicKey.load(path: folder.file("key.pub")) == publicKey)
        }

        @Test func encryptedKeyAsksOnceAndLoads() throws {
            let folder = try KeyTestFolder()
            let publicKey = try makeKeyPair(in: folder, passphrase: Array("correct horse".utf8))

            var asked = 0
            let key = try SecretKey.load(path: folder.file("key")) {
                asked += 1
                return Array("correct horse".utf8)
            }
            #expect(asked == 1)
            #expect(key.publicKey == publicKey)
        }

        @Test func wrongPassphraseSaysSo() throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder, passphrase: Array("correct horse".utf8))

            #expect(throws: KeyError.wrongPassphrase(path: folder.file("key"))) {
                try SecretKey.load(path: folder.file("key")) { Array("battery staple".utf8) }
            }
        }

        @Test func passphraseErrorsPassThrough() throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder, passphrase: Array("x".utf8))

            #expect(throws: KeyError.noTerminal) {
                try SecretKey.load(path: folder.file("key")) { throw KeyError.noTerminal }
            }
        }

        @Test func minisignZeroChecksumIsAcceptedInAnUnencryptedKey() throws {
            let folder = try KeyTestFolder()
            let publicKey = try makeKeyPair(in: folder)
            // `minisign -G -W` writes no checksum: the last 32 bytes stay zero.
            try editSecretKey(folder.file("key")) {
                $0.replaceSubrange(126..<158, with: noChecksum)
            }

            #expect(try loadUnencrypted(folder.file("key")).publicKey == publicKey)
        }

        @Test(arguments: [
            ("seed byte changed", 70, false),
            ("public half changed", 100, false),
            ("seed byte changed, no checksum", 70, true),
            ("public half changed, no checksum", 100, true),
        ])
        func damagedUnencryptedKeyIsRefused(name: String, offset: Int, zeroChecksum: Bool) throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder)
            try editSecretKey(folder.file("key")) { box in
                box[offset] ^= 1
                if zeroChecksum { box.replaceSubrange(126..<158, with: noChecksum) }
            }

            let error = #expect(throws: KeyError.self, "\(name)") {
                try loadUnencrypted(folder.file("key"))
            }
            #expect(caseName(error) == "damagedSecretKey", "\(name)")
        }

        @Test(arguments: [
            NamedText(
                "public key file", "untrusted comment: x\n\(CryptoTests.PublicKeyTests.line)\n"),
            NamedText("one line", "untrusted comment: x\n"),
            NamedText("garbage", "hello\nworld\n"),
        ])
        func refusesWhatIsNotASecretKey(_ input: NamedText) throws {
            let folder = try KeyTestFolder()
            let path = try folder.write("key", input.text)

            let error = #expect(throws: KeyError.self, "\(input)") { try loadUnencrypted(path) }
            #expect(caseName(error) == "malformedSecretKey", "\(input)")
            #expect(error?.description.contains(path) == true)
        }

        @Test(arguments: [("algorithm", 0), ("encryption", 2), ("checksum type", 4)])
        func refusesUnknownTags(name: String, offset: Int) throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder)
            try editSecretKey(folder.file("key")) { $0[offset] = UInt8(ascii: "X") }

            let error = #expect(throws: KeyError.self, "\(name)") {
                try loadUnencrypted(folder.file("key"))
            }
            #expect(caseName(error) == "malformedSecretKey", "\(name)")
        }
    }
}

extension CryptoTests {
    @Suite struct KeyGeneratorTests {
        @Test func secretKeyIsPrivateAndPublicKeyIsReadable() throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder)

            #expect(try folder.mode("key") == 0o600)
            #expect(try folder.mode("key.pub") & 0o600 == 0o600)
            #expect(try folder.names() == ["key", "key.pub"])
        }

        @Test(arguments: ["key", "key.pub"])
        func existingFileIsNeverOverwritten(existing: String) throws {
            let folder = try KeyTestFolder()
            try folder.write(existing, "precious\n")

            #expect(throws: KeyError.fileExists(path: folder.file(existing))) {
                try makeKeyPair(in: folder)
            }
            #expect(try folder.text(existing) == "precious\n")
            #expect(try folder.names() == [existing], "neither key file may be written")
        }

        @Test func forceReplacesBothFiles() throws {
            let folder = try KeyTestFolder()
            let first = try makeKeyPair(in: folder)
            let second = try makeKeyPair(in: folder, force: true)

            #expect(first.keyID != second.keyID)
            #expect(try loadUnencrypted(folder.file("key")).publicKey == second)
            #expect(try PublicKey.load(path: folder.file("key.pub")) == second)
            #expect(try folder.mode("key") == 0o600)
            #expect(try folder.names() == ["key", "key.pub"], "no temporary file is left")
        }

        @Test func existingFileMessageNamesForce() throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder)

            let error = #expect(throws: KeyError.self) { try makeKeyPair(in: folder) }
            #expect(error?.kind == .usage)
            #expect(error?.description.contains("--force") == true)
        }

        @Test func samePathForBothKeysIsRefused() throws {
            let folder = try KeyTestFolder()
            let path = folder.file("key")

            #expect(throws: KeyError.samePath(path)) {
                try KeyGenerator.generate(
                    secretKeyPath: path, publicKeyPath: path, comment: nil, passphrase: nil,
                    force: true, limits: .fast)
            }
        }

        @Test func unwritableFolderLeavesNoFile() throws {
            let folder = try KeyTestFolder()

            let error = #expect(throws: KeyError.self) {
                try KeyGenerator.generate(
                    secretKeyPath: folder.file("key"),
                    publicKeyPath: folder.file("missing/key.pub"),
                    comment: nil, passphrase: nil, force: false, limits: .fast)
            }
            #expect(caseName(error) == "cannotWrite")
            #expect(error?.kind == .io)
            #expect(
                try folder.names() == [], "the secret key must not appear without its public key")
        }

        @Test func commentGoesIntoBothFiles() throws {
            let folder = try KeyTestFolder()
            _ = try KeyGenerator.generate(
                secretKeyPath: folder.file("key"), publicKeyPath: folder.file("key.pub"),
                comment: "av-bases signing key", passphrase: nil, force: false, limits: .fast)

            #expect(try folder.text("key").hasPrefix("untrusted comment: av-bases signing key\n"))
            #expect(
                try folder.text("key.pub").hasPrefix("untrusted comment: av-bases signing key\n"))
        }

        @Test func encryptedKeyRecordsItsScryptLimits() throws {
            let folder = try KeyTestFolder()
            try makeKeyPair(in: folder, passphrase: Array("pw".utf8))

            try editSecretKey(folder.file("key")) { box in
                #expect(Array(box[2..<4]) == Array("Sc".utf8))
                #expect(Array(box[38..<46]) == [0x00, 0x00, 0x08, 0, 0, 0, 0, 0])
                #expect(Array(box[46..<54]) == [0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0])
            }
        }
    }
}
