import Foundation
import Testing

@testable import FerryCore

extension CryptoTests {
    /// A signature file's four lines, taken apart so that tests can change one field.
    struct SignatureLines {
        var untrusted: String
        var box: [UInt8]
        var trusted: String
        var global: [UInt8]

        init(_ text: [UInt8]) {
            let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(
                String.init)
            untrusted = lines[0]
            box = [UInt8](Data(base64Encoded: lines[1])!)
            trusted = lines[2]
            global = [UInt8](Data(base64Encoded: lines[3])!)
        }

        var text: [UInt8] {
            let lines = [
                untrusted, Data(box).base64EncodedString(), trusted,
                Data(global).base64EncodedString(),
            ]
            return Array((lines.joined(separator: "\n") + "\n").utf8)
        }
    }
}

extension CryptoTests {
    @Suite struct SignatureTests {
        static let key = SecretKey.fromSeed(RFC8032.seed, keyID: RFC8032.keyID)
        static let otherKey = SecretKey.fromSeed([UInt8](repeating: 7, count: 32), keyID: .random())
        static let message = Array("manifest bytes\n".utf8)
        static let trustedComment = "ferry bundle channel:av-bases from:3 to:4\ttree:ab12"

        static func signed() -> Signature {
            Signature.sign(
                message, with: key, trustedComment: trustedComment,
                untrustedComment: "signature from ferry secret key")
        }

        @Test func roundTripsThroughItsFile() throws {
            let parsed = try Signature(minisignText: Self.signed().fileText)

            #expect(parsed.keyID == Self.key.keyID)
            #expect(parsed.trustedComment == Self.trustedComment)
            #expect(parsed.untrustedComment == "signature from ferry secret key")
            #expect(parsed.fileText == Self.signed().fileText)
            try parsed.verify(Self.message, with: Self.key.publicKey)
        }

        @Test func fileHasMinisignsFourLines() {
            let text = String(decoding: Self.signed().fileText, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)

            #expect(lines.count == 5 && lines[4].isEmpty, "four lines, each ending with a newline")
            #expect(lines[0] == "untrusted comment: signature from ferry secret key")
            #expect(lines[1].hasPrefix("RUQBAgMEBQYHC"), "\"ED\" then the key id 0102030405060708")
            #expect(lines[2] == "trusted comment: \(Self.trustedComment)")
            #expect(lines[3].count == 88)
        }

        @Test func isDeterministic() {
            #expect(Self.signed().fileText == Self.signed().fileText)
        }

        /// One way to change a signed message or its signature file, and the error it must give.
        struct Tampering: Sendable, CustomStringConvertible {
            let description: String
            let apply: @Sendable (inout SignatureLines, inout [UInt8]) -> Void
            let expected: String
        }

        static let tamperings: [Tampering] = [
            Tampering(
                description: "message changed", apply: { $1[0] ^= 1 }, expected: "badSignature"),
            Tampering(
                description: "message extended", apply: { $1.append(0) }, expected: "badSignature"),
            Tampering(
                description: "signature byte flipped", apply: { lines, _ in lines.box[40] ^= 1 },
                expected: "badSignature"),
            Tampering(
                description: "global signature flipped",
                apply: { lines, _ in lines.global[0] ^= 1 },
                expected: "badTrustedComment"),
            Tampering(
                description: "trusted comment changed", apply: { lines, _ in lines.trusted += "5" },
                expected: "badTrustedComment"),
            Tampering(
                description: "trusted comment shortened",
                apply: { lines, _ in lines.trusted.removeLast() }, expected: "badTrustedComment"),
            Tampering(
                description: "key id changed", apply: { lines, _ in lines.box[2] ^= 1 },
                expected: "keyMismatch"),
            Tampering(
                description: "made legacy", apply: { lines, _ in lines.box[1] = UInt8(ascii: "d") },
                expected: "legacySignature"),
        ]

        @Test(arguments: tamperings)
        func tamperingFails(_ tampering: Tampering) {
            var lines = SignatureLines(Self.signed().fileText)
            var message = Self.message
            tampering.apply(&lines, &message)

            let error = #expect(throws: KeyError.self, "\(tampering)") {
                try Signature(minisignText: lines.text).verify(message, with: Self.key.publicKey)
            }
            #expect(caseName(error) == tampering.expected, "\(tampering)")
            #expect(error?.kind == .verification, "\(tampering)")
        }

        @Test func untrustedCommentIsNotCovered() throws {
            var lines = SignatureLines(Self.signed().fileText)
            lines.untrusted = "untrusted comment: anyone may write here"

            try Signature(minisignText: lines.text).verify(Self.message, with: Self.key.publicKey)
        }

        @Test func keyMismatchNamesBothIDs() throws {
            let signature = Self.signed()
            let other = Self.otherKey.publicKey

            #expect(throws: KeyError.keyMismatch(signature: RFC8032.keyID, key: other.keyID)) {
                try signature.verify(Self.message, with: other)
            }
            let text = KeyError.keyMismatch(signature: RFC8032.keyID, key: other.keyID).description
            #expect(text.contains("0807060504030201") && text.contains(other.keyID.description))
        }

        @Test func anotherKeyUnderTheSameIDFails() {
            let impostor = SecretKey.fromSeed(
                [UInt8](repeating: 9, count: 32), keyID: RFC8032.keyID)
            let forged = Signature.sign(
                Self.message, with: impostor, trustedComment: Self.trustedComment,
                untrustedComment: "")

            #expect(throws: KeyError.badSignature(keyID: RFC8032.keyID)) {
                try forged.verify(Self.message, with: Self.key.publicKey)
            }
        }

        @Test func legacySignatureHasItsOwnMessage() throws {
            var lines = SignatureLines(Self.signed().fileText)
            lines.box[1] = UInt8(ascii: "d")

            let error = #expect(throws: KeyError.legacySignature(keyID: RFC8032.keyID)) {
                try Signature(minisignText: lines.text)
            }
            #expect(error?.description.contains("legacy") == true)
        }

        static let good = String(decoding: signed().fileText, as: UTF8.self)
        static let goodLines = good.split(separator: "\n").map(String.init)

        /// Files that are not exactly four well-formed lines.
        static let malformed: [NamedText] = [
            NamedText("empty", ""),
            NamedText("three lines", goodLines[0...2].joined(separator: "\n") + "\n"),
            NamedText("five lines", good + "extra\n"),
            NamedText("blank line at the end", good + "\n"),
            NamedText("CRLF", changing("\n", to: "\r\n")),
            NamedText("no untrusted prefix", changing("untrusted comment: ", to: "")),
            NamedText("no trusted prefix", changing("trusted comment: ferry", to: "x")),
            NamedText("bad base64", replacing(line: 1, with: "@@@@")),
            NamedText("short box", replacing(line: 1, with: "RUQBAgMEBQYHCA==")),
            NamedText("spare bits", replacing(line: 3, with: bump(goodLines[3]))),
            NamedText("NUL in trusted comment", changing("from:3", to: "from:3\u{0}")),
            NamedText("ESC in untrusted comment", changing("signature from", to: "\u{1b}[2J")),
            NamedText("DEL in trusted comment", changing("to:4", to: "to:4\u{7f}")),
            NamedText("long trusted comment", changing("tree:", to: tooLong(8000))),
            NamedText(
                "long untrusted comment", replacing(line: 0, with: tooLong(1000, "untrusted"))),
            NamedText("unknown algorithm", replacing(line: 1, with: retag())),
        ]

        /// The good file with every `old` changed to `new`.
        static func changing(_ old: String, to new: String) -> String {
            good.replacingOccurrences(of: old, with: new)
        }

        /// The good file with one line replaced.
        static func replacing(line: Int, with text: String) -> String {
            var lines = goodLines
            lines[line] = text
            return lines.joined(separator: "\n") + "\n"
        }

        /// The last base64 digit before the padding, moved so that unused bits are set.
        static func bump(_ line: String) -> String {
            var characters = Array(line)
            let index = characters.count - 3
            characters[index] = characters[index] == "A" ? "B" : "A"
            return String(characters)
        }

        /// A comment one byte over `limit`, with its line's prefix when `prefix` is given.
        static func tooLong(_ limit: Int, _ prefix: String? = nil) -> String {
            let text = String(repeating: "x", count: limit + 1)
            return prefix.map { "\($0) comment: \(text)" } ?? text
        }

        static func retag() -> String {
            var box = [UInt8](Data(base64Encoded: goodLines[1])!)
            box[0] = UInt8(ascii: "X")
            return Data(box).base64EncodedString()
        }

        @Test(arguments: malformed)
        func refusesMalformedFiles(_ input: NamedText) {
            let error = #expect(throws: KeyError.self, "\(input)") {
                try Signature(minisignText: Array(input.text.utf8))
            }
            #expect(caseName(error) == "malformedSignature", "\(input)")
            #expect(error?.kind == .verification, "\(input)")
        }

        @Test func invalidUTF8CommentIsRefused() {
            var text = Array(Self.good.utf8)
            let index = text.firstIndex(of: UInt8(ascii: "f"))!
            text[index] = 0xff

            let error = #expect(throws: KeyError.self) { try Signature(minisignText: text) }
            #expect(caseName(error) == "malformedSignature")
        }

        @Test func missingFinalNewlineIsAccepted() throws {
            let text = Array(Self.signed().fileText.dropLast())
            try Signature(minisignText: text).verify(Self.message, with: Self.key.publicKey)
        }

        @Test func commentsAtTheirLimitsRoundTrip() throws {
            let signature = Signature.sign(
                Self.message, with: Self.key,
                trustedComment: String(repeating: "t", count: Signature.trustedCommentLimit),
                untrustedComment: String(repeating: "u", count: 1000))
            let parsed = try Signature(minisignText: signature.fileText)

            #expect(parsed.untrustedComment.utf8.count == 1000)
            try parsed.verify(Self.message, with: Self.key.publicKey)
        }

        @Test func hugeFileIsRefusedBeforeParsing() {
            let text = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
            let error = #expect(throws: KeyError.self) { try Signature(minisignText: text) }
            #expect(caseName(error) == "malformedSignature")
        }

        @Test func untrustedCommentIsMadeToFitOneLine() throws {
            let signature = Signature.sign(
                Self.message, with: Self.key, trustedComment: "t", untrustedComment: "two\nlines")
            #expect(signature.untrustedComment == "two lines")
            try Signature(minisignText: signature.fileText).verify(
                Self.message, with: Self.key.publicKey)
        }

        @Test func trustedCommentRules() {
            #expect(Signature.isValidTrustedComment("timestamp:1\tfile:x"))
            #expect(Signature.isValidTrustedComment(""))
            #expect(!Signature.isValidTrustedComment("two\nlines"))
            #expect(!Signature.isValidTrustedComment("carriage\rreturn"))
            #expect(!Signature.isValidTrustedComment(String(repeating: "x", count: 8001)))
        }
    }
}
