import Foundation
import Testing

@testable import FerryCore

@Suite struct JSONTextTests {
    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        let text = JSONText.string("q\"b\\n\nt\tr\r\u{1}\u{1F}\u{7F}é🙂").rendered()
        #expect(text == #""q\"b\\n\nt\tr\r\u0001\u001f\u007fé🙂""# + "\n")
    }

    @Test func escapedStringsParseBackToTheOriginal() throws {
        let original = "line\nbreak \"quoted\" back\\slash \u{0} nul \u{7F} del"
        let rendered = JSONText.array([.string(original)]).rendered()
        let parsed = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String]
        #expect(parsed == [original])
    }

    @Test func objectsKeepKeyOrderAndDropAbsentValues() throws {
        let text = JSONText.object([
            ("z", .integer(1)), ("absent", nil), ("a", .boolean(false)),
            ("nested", .object([("k", .array([.integer(-2), .string("s")]))])),
        ]).rendered()

        let positions = ["\"z\"", "\"a\"", "\"nested\""].map {
            text.range(of: $0)?.lowerBound
        }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!)
        #expect(!text.contains("absent"))
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["z"] as? Int == 1)
        #expect((parsed["nested"] as? [String: Any])?["k"] as? [AnyHashable] == [-2, "s"])
    }

    @Test func topLevelKeysTakeOneLineEachAndDeeperValuesOne() {
        let text = JSONText.object([
            ("one", .integer(1)),
            ("deep", .object([("k", .object([("j", .array([.integer(1), .integer(2)]))]))])),
        ]).rendered()
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first == "{" && lines.last == "}")
        #expect(text.hasSuffix("}\n"))
    }
}
