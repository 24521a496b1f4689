import Glibc

/// UTC times written as "2026-12-04T16:49:36Z", the only time form ferry writes or reads.
public enum Timestamp {
    /// The text for `seconds` since 1970.
    public static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Seconds since 1970 for text in exactly the form `format` writes, or nil.
    public static func parse(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x54,
            bytes[13] == 0x3a, bytes[16] == 0x3a, bytes[19] == 0x5a
        else { return nil }
        let fields = [0..<4, 5..<7, 8..<10, 11..<13, 14..<16, 17..<19].map {
            Int(String(decoding: bytes[$0], as: UTF8.self))
        }
        guard fields.allSatisfy({ $0 != nil }) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(fields[0]! - 1900)
        parts.tm_mon = Int32(fields[1]! - 1)
        parts.tm_mday = Int32(fields[2]!)
        parts.tm_hour = Int32(fields[3]!)
        parts.tm_min = Int32(fields[4]!)
        parts.tm_sec = Int32(fields[5]!)
        let seconds = Int(timegm(&parts))
        return format(seconds) == text ? seconds : nil
    }

    /// Now, or `SOURCE_DATE_EPOCH` when set, so that builds can be reproduced.
    public static func now(environment: [String: String]) -> Int {
        if let fixed = environment["SOURCE_DATE_EPOCH"], let seconds = Int(fixed), seconds >= 0 {
            return seconds
        }
        return Int(time(nil))
    }

    /// Parses a duration such as "30d", "12h", "90m" or "3600s" into seconds.
    public static func parseDuration(_ text: String) -> Int? {
        guard let unit = text.last, let count = Int(text.dropLast()), count > 0 else { return nil }
        let scale: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        guard let factor = scale[unit], count <= Int.max / factor else { return nil }
        return count * factor
    }
}
