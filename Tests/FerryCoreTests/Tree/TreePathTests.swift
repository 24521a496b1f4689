import Testing

@testable import FerryCore

@Suite struct TreePathTests {
    /// A path and whether the rules accept it.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        let acceptable: Bool

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty", path: "", acceptable: false),
        Case(name: "absolute", path: "/etc/passwd", acceptable: false),
        Case(name: "parent component", path: "rules/../../etc", acceptable: false),
        Case(name: "leading parent", path: "../x", acceptable: false),
        Case(name: "dot component", path: "rules/./urls.rules", acceptable: false),
        Case(name: "lone dot", path: ".", acceptable: false),
        Case(name: "empty component", path: "rules//urls.rules", acceptable: false),
        Case(name: "trailing slash", path: "rules/", acceptable: false),
        Case(name: "backslash", path: "rules\\urls.rules", acceptable: false),
        Case(name: "newline", path: "a\nb", acceptable: false),
        Case(name: "tab", path: "a\tb", acceptable: false),
        Case(name: "escape", path: "a\u{1B}[31mb", acceptable: false),
        Case(name: "NUL", path: "a\u{0}b", acceptable: false),
        Case(name: "DEL", path: "a\u{7F}b", acceptable: false),
        Case(name: "path over 1024 bytes", path: longPath(1025), acceptable: false),
        Case(
            name: "component over 255 bytes", path: String(repeating: "c", count: 256),
            acceptable: false),
        Case(name: "ferry state folder", path: ".ferry/x", acceptable: false),
        Case(name: "ferry state folder itself", path: ".ferry", acceptable: false),
        Case(name: "plain file", path: "main.sigs", acceptable: true),
        Case(name: "nested file", path: "rules/urls.rules", acceptable: true),
        Case(name: "spaces", path: "Virus Definitions/daily update.sigs", acceptable: true),
        Case(name: "Unicode", path: "règles/日本語/Ünïcödé.rules", acceptable: true),
        Case(name: "hidden file", path: ".hidden", acceptable: true),
        Case(name: "ferry-like name", path: ".ferryx/y", acceptable: true),
        Case(name: "state name deeper down", path: "x/.ferry", acceptable: true),
        Case(name: "path of exactly 1024 bytes", path: longPath(1024), acceptable: true),
        Case(
            name: "component of 255 bytes", path: String(repeating: "c", count: 255),
            acceptable: true),
    ]

    /// A path of `count` bytes made of 100-byte components.
    static func longPath(_ count: Int) -> String {
        var path = ""
        while path.utf8.count < count {
            let left = count - path.utf8.count - (path.isEmpty ? 0 : 1)
            path +=
                (path.isEmpty ? "" : "/") + String(repeating: "p", count: min(100, max(left, 1)))
        }
        return path
    }

    @Test(arguments: cases) func rules(_ testCase: Case) {
        let problem = TreePath.problem(with: testCase.path)
        #expect((problem == nil) == testCase.acceptable, "problem: \(problem ?? "none")")
    }

    @Test func longPathHelperMakesExactLengths() {
        #expect(Self.longPath(1024).utf8.count == 1024)
        #expect(Self.longPath(1025).utf8.count == 1025)
    }

    @Test func normalisationTwinsShareACollisionKey() {
        #expect(TreePath.collisionKey("caf\u{E9}") == TreePath.collisionKey("cafe\u{301}"))
        #expect(TreePath.collisionKey("a") != TreePath.collisionKey("A"))
    }
}
