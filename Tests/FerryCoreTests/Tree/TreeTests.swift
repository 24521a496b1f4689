import Foundation
import Testing

@testable import FerryCore

@Suite struct TreeTests {
    static let alpha = Digest.of(Array("alpha\n".utf8))
    static let beta = Digest.of(Array("beta\n".utf8))

    static let sample = Tree([
        TreeEntry(path: "rules/urls.rules", mode: 0o644, size: 6, hash: alpha),
        TreeEntry(path: "tools/update-hook.sh", mode: 0o755, size: 5, hash: beta),
        TreeEntry(path: "README.txt", mode: 0o600, size: 6, hash: alpha),
    ])

    /// The canonical listing as DESIGN documents it, written out by hand.
    static let sampleListing =
        "\(alpha.hex) 6 0600 README.txt\n"
        + "\(alpha.hex) 6 0644 rules/urls.rules\n"
        + "\(beta.hex) 5 0755 tools/update-hook.sh\n"

    @Test func hashIsBlake2bOfTheCanonicalListing() {
        #expect(Self.sample.hash == Digest.of(Array(Self.sampleListing.utf8)))
    }

    @Test func hashAgreesWithStockB2sum() throws {
        let folder = try ScratchFolder()
        try folder.write("listing", Self.sampleListing)
        #expect(try StockTool.blake2b256(of: "listing", in: folder) == Self.sample.hash.hex)
    }

    @Test func emptyTreeHashesTheEmptyListing() {
        #expect(Tree.empty.hash == Digest.of([UInt8]()))
    }

    @Test func entriesAreOrderedByUTF8Bytes() {
        // NFD "e" + U+0301 starts with byte 0x65 and NFC "\u{E9}" with 0xC3, so "~" (0x7E)
        // falls between them; Swift's String comparison would treat the two "é" alike.
        let paths = ["a0", "a/b", "e\u{301}x", "Z", "a-b", "\u{E9}a", "a.b", "~"]
        let tree = Tree(paths.map { TreeEntry(path: $0, mode: 0o644, size: 0, hash: Self.alpha) })
        let expected = ["Z", "a-b", "a.b", "a/b", "a0", "e\u{301}x", "~", "\u{E9}a"]
        #expect(tree.entries.map { Array($0.path.utf8) } == expected.map { Array($0.utf8) })
    }

    @Test func subscriptFindsEntriesByPath() {
        #expect(Self.sample["tools/update-hook.sh"]?.mode == 0o755)
        #expect(Self.sample["tools"] == nil)
        #expect(Self.sample.totalSize == 17)
    }
}
