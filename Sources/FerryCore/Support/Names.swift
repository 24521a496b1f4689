/// Channel names: short, printable, safe in file names and messages.
public enum Channel {
    /// Why `name` cannot be a channel name, or nil when it can.
    public static func problem(with name: String) -> String? {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
                || (byte >= 0x61 && byte <= 0x7a) || byte == 0x2d || byte == 0x2e || byte == 0x5f
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, name.first != "." else {
            return "must be 1 to 64 letters, digits, '.', '-' or '_', not starting with '.'"
        }
        return nil
    }
}

/// Version labels: the vendor's release name, printable and on one line.
public enum Label {
    /// Why `label` cannot be a label, or nil when it can.
    public static func problem(with label: String) -> String? {
        guard label.utf8.count <= 200 else { return "is longer than 200 bytes" }
        guard !label.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            return "contains a control character"
        }
        return nil
    }
}
