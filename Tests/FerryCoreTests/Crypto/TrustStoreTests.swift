import Foundation
import Testing

@testable import FerryCore

extension CryptoTests {
    @Suite struct TrustStoreTests {
        /// Two key pairs, `a` and `b`, in `keys/`, with a file and a folder that are not keys.
        static func folderWithTwoKeys() throws -> (KeyTestFolder, PublicKey, PublicKey) {
            let folder = try KeyTestFolder()
            try FileManager.default.createDirectory(
                atPath: folder.file("keys/nested.pub"), withIntermediateDirectories: true)
            let a = try makeKeyPair(in: folder, name: "keys/a")
            let b = try makeKeyPair(in: folder, name: "keys/b")
            try folder.write("keys/README.txt", "not a key\n")
            return (folder, a, b)
        }

        @Test func readsEveryPubFileInAFolder() throws {
            let (folder, a, b) = try Self.folderWithTwoKeys()
            // The secret keys `a` and `b` are in the folder too; they do not end with .pub.
            let store = try TrustStore(paths: [folder.file("keys")])

            #expect(Set(store.keys.map(\.keyID)) == [a.keyID, b.keyID])
            #expect(store.key(for: a.keyID) == a)
            #expect(store.key(for: KeyID(bytes: [UInt8](repeating: 0, count: 8))) == nil)
        }

        @Test func takesSingleFilesAndFollowsLinks() throws {
            let (folder, a, b) = try Self.folderWithTwoKeys()
            try FileManager.default.createDirectory(
                atPath: folder.file("linked"), withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(
                atPath: folder.file("linked/b.pub"), withDestinationPath: folder.file("keys/b.pub"))

            let store = try TrustStore(paths: [folder.file("keys/a.pub"), folder.file("linked")])
            #expect(store.keys == [a, b])
        }

        @Test func verifiesWithTheKeyTheSignatureNames() throws {
            let (folder, _, b) = try Self.folderWithTwoKeys()
            let store = try TrustStore(paths: [folder.file("keys")])
            let key = try loadUnencrypted(folder.file("keys/b"))
            let message = Array("manifest".utf8)
            let signature = Signature.sign(
                message, with: key, trustedComment: "t", untrustedComment: "u")

            #expect(try store.verify(message, signature: signature) == b)
            #expect(throws: KeyError.badSignature(keyID: b.keyID)) {
                try store.verify(Array("other".utf8), signature: signature)
            }
        }

        @Test func refusesASignatureByAnUntrustedKey() throws {
            let (folder, _, _) = try Self.folderWithTwoKeys()
            let store = try TrustStore(paths: [folder.file("keys")])
            let stranger = SecretKey.fromSeed(RFC8032.seed, keyID: RFC8032.keyID)
            let signature = Signature.sign(
                [1, 2, 3], with: stranger, trustedComment: "t", untrustedComment: "u")

            let error = #expect(throws: KeyError.untrustedKey(RFC8032.keyID)) {
                try store.verify([1, 2, 3], signature: signature)
            }
            #expect(
                error?.description
                    == "signed by key 0807060504030201, which is not trusted; "
                    + "pass its public key with --trust")
            #expect(error?.kind == .verification)
        }

        @Test func emptyFolderTellsTheUserToPassTrust() throws {
            let folder = try KeyTestFolder()
            try folder.write("notes.txt", "no keys here\n")

            let error = #expect(throws: KeyError.noTrustedKeys(paths: [folder.path])) {
                try TrustStore(paths: [folder.path])
            }
            #expect(error?.description.contains("pass --trust with a key file") == true)
            #expect(throws: KeyError.noTrustedKeys(paths: [])) { try TrustStore(paths: []) }
        }

        @Test func missingPathIsAnIOError() {
            let error = #expect(throws: KeyError.self) {
                try TrustStore(paths: ["/nonexistent/ferry/trusted"])
            }
            #expect(caseName(error) == "unreadable")
            #expect(error?.kind == .io)
        }

        @Test func malformedKeyFileIsNamed() throws {
            let (folder, _, _) = try Self.folderWithTwoKeys()
            let broken = try folder.write("keys/broken.pub", "untrusted comment: x\nnonsense\n")

            let error = #expect(throws: KeyError.self) {
                try TrustStore(paths: [folder.file("keys")])
            }
            #expect(caseName(error) == "malformedPublicKey")
            #expect(error?.description.contains(broken) == true)
        }

        @Test func sameKeyTwiceIsKeptOnce() throws {
            let (folder, a, b) = try Self.folderWithTwoKeys()
            let store = try TrustStore(paths: [folder.file("keys"), folder.file("keys/a.pub")])
            #expect(store.keys == [a, b])
        }

        @Test func twoKeysUnderOneIDAreRefused() throws {
            let (folder, a, _) = try Self.folderWithTwoKeys()
            let impostor = SecretKey.fromSeed(RFC8032.seed, keyID: a.keyID)
            let path = try folder.write("impostor.pub", impostor.publicKey.fileText(comment: nil))

            let error = #expect(throws: KeyError.self) {
                try TrustStore(paths: [folder.file("keys/a.pub"), path])
            }
            #expect(
                error
                    == .conflictingTrustedKeys(
                        keyID: a.keyID, first: folder.file("keys/a.pub"), second: path))
        }
    }
}
