import Testing

@testable import FerryCore

@Suite struct TimestampTests {
    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"),
        (1_700_000_000, "2023-11-14T22:13:20Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
    ])
    func formatAndParseRoundTrip(_ seconds: Int, _ text: String) {
        #expect(Timestamp.format(seconds) == text)
        #expect(Timestamp.parse(text) == seconds)
    }

    @Test(arguments: [
        "", "2023-11-14T22:13:20", "2023-11-14T22:13:20z", "2023-11-14 22:13:20Z",
        "2023-11-14t22:13:20Z", "2023-11-14T22:13:20.5Z", "2023-11-14T22:13:20+00:00",
        " 2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z ", "2023-11-14T22:13:2Z",
        "23-11-14T22:13:20Z",
        "2023-13-14T22:13:20Z", "2023-02-29T00:00:00Z", "2023-11-31T00:00:00Z",
        "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:60Z",
        "2023-1a-14T22:13:20Z", "2023-+1-14T22:13:20Z", "2023-11-14T22:13:-0Z",
        "2023/11/14T22:13:20Z",
    ])
    func parseRefusesNearMisses(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func nowHonoursSourceDateEpoch() {
        #expect(Timestamp.now(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == 1_700_000_000)
        #expect(Timestamp.now(environment: ["SOURCE_DATE_EPOCH": "soon"]) > 1_700_000_000)
    }

    @Test(arguments: [
        ("1s", 1), ("3600s", 3600), ("90m", 5400), ("12h", 43_200), ("30d", 2_592_000),
        ("2w", 1_209_600),
    ])
    func parseDurationReadsEachUnit(_ text: String, _ seconds: Int) {
        #expect(Timestamp.parseDuration(text) == seconds)
    }

    @Test(arguments: [
        "", "h", "0h", "-1h", "1", "1y", "1H", "1.5h", "h1", " 1h", "1h ", "1 h", "1hh",
        "9223372036854775807d", "99999999999999999999s",
    ])
    func parseDurationRefusesOthers(_ text: String) {
        #expect(Timestamp.parseDuration(text) == nil)
    }
}
