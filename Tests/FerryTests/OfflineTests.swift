import Foundation
import Testing

/// ferry works offline for real: apply, verify and inspect make no network system call at
/// all, not even a socket, as strace sees it.
@Suite struct OfflineTests {
    static let commands: [String: [String]] = [
        "apply": ["apply", "delta.bundle", "--target", "target", "--trust", "k.pub"],
        "verify": ["verify", "delta.bundle", "--trust", "k.pub"],
        "inspect": ["inspect", "delta.bundle", "--trust", "k.pub"],
    ]

    @Test(arguments: ["apply", "verify", "inspect"])
    func commandMakesNoNetworkCall(_ command: String) throws {
        let shop = try Workshop(.samples)
        try shop.installTarget()
        try shop.pack(since: 1, output: "delta.bundle")

        let arguments = try #require(Self.commands[command])
        let (result, calls) = try SyscallTrace.ferry(arguments, tracing: "network", in: shop.folder)
        Outcome.expectSuccess(result)
        #expect(!calls.contains { $0.name == "socket" || $0.name == "connect" }, "\(calls)")
        #expect(calls.isEmpty, "network calls: \(calls)")
    }
}
