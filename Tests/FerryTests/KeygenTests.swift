import Foundation
import Testing

@Suite struct KeygenTests {
    static let arguments = [
        "keygen", "--secret-key", "k.key", "--public-key", "k.pub", "--no-passphrase",
    ]

    @Test func secretKeyIsPrivateAndPublicKeyReadable() throws {
        let folder = try TempFolder()
        let result = try FerryBinary.run(Self.arguments, in: folder)

        Outcome.expectSuccess(result)
        #expect(try folder.mode("k.key") == 0o600)
        #expect(try folder.mode("k.pub") == 0o644)
        #expect(result.stdout.wholeMatch(of: /key id [0-9A-F]{16}\n(.|\n)*/) != nil, "\(result)")
    }

    @Test func existingKeysAreNotOverwrittenWithoutForce() throws {
        let folder = try TempFolder()
        Outcome.expectSuccess(try FerryBinary.run(Self.arguments, in: folder))
        let secret = try folder.bytes("k.key")
        let publicKey = try folder.bytes("k.pub")

        Outcome.expectError(try FerryBinary.run(Self.arguments, in: folder), status: 2)
        #expect(try folder.bytes("k.key") == secret)
        #expect(try folder.bytes("k.pub") == publicKey)
    }

    @Test func existingPublicKeyAloneAlsoBlocks() throws {
        let folder = try TempFolder()
        try folder.write("k.pub", "someone's key\n")

        Outcome.expectError(try FerryBinary.run(Self.arguments, in: folder), status: 2)
        #expect(!FileManager.default.fileExists(atPath: folder.path("k.key")))
        #expect(try folder.bytes("k.pub") == Array("someone's key\n".utf8))
    }

    @Test func forceReplacesExistingKeys() throws {
        let folder = try TempFolder()
        Outcome.expectSuccess(try FerryBinary.run(Self.arguments, in: folder))
        let secret = try folder.bytes("k.key")

        Outcome.expectSuccess(try FerryBinary.run(Self.arguments + ["--force"], in: folder))
        #expect(try folder.bytes("k.key") != secret)
        #expect(try folder.mode("k.key") == 0o600)
    }

    @Test func contradictoryPassphraseOptionsAreRefused() throws {
        let folder = try TempFolder()
        try folder.write("passphrase", "secret\n")
        let result = try FerryBinary.run(
            Self.arguments + ["--passphrase-file", "passphrase"], in: folder)
        Outcome.expectError(result, status: 2)
    }
}
