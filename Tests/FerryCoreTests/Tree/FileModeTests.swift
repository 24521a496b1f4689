import Testing

@testable import FerryCore

@Suite struct FileModeTests {
    @Test(arguments: [
        (0o644, "0644"), (0o755, "0755"), (0o000, "0000"), (0o777, "0777"), (0o7, "0007"),
    ])
    func formatsFourOctalDigits(_ mode: UInt32, _ text: String) {
        #expect(FileMode.format(mode) == text)
        #expect(FileMode.parse(text) == mode)
    }

    @Test(arguments: [
        "644", "00644", "", "1644", "4755", "0844", "0x64", "064a", " 644", "644 ", "+644", "-644",
        "０６４４",
    ])
    func parseRefusesAnythingButFourOctalDigits(_ text: String) {
        #expect(FileMode.parse(text) == nil)
    }
}
