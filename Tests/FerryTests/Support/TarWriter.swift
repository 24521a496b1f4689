import Foundation

/// One member of a tar file made by hand: any type, any link target, and a header that may
/// lie about the size of the data that follows it.
struct TarEntry {
    /// The tar type flags the hostile bundles use.
    enum Kind: UInt8 {
        case file = 0x30
        case hardLink = 0x31
        case symbolicLink = 0x32
        case characterDevice = 0x33
        case folder = 0x35
        case fifo = 0x36
        case paxHeader = 0x78
    }

    var name: String
    var kind = Kind.file
    var data: [UInt8] = []
    /// What the header says a link points to.
    var linkTarget = ""
    /// The size the header declares, when it is not the data's true size.
    var declaredSize: Int?
    /// Device numbers, for a device member.
    var device = (major: 0, minor: 0)

    /// A regular file member.
    static func file(_ name: String, _ data: [UInt8]) -> TarEntry {
        TarEntry(name: name, data: data)
    }

    /// A pax extended header whose records apply to the member after it.
    static func pax(_ records: [(String, String)]) -> TarEntry {
        TarEntry(name: "PaxHeaders/next", kind: .paxHeader, data: TarWriter.paxRecords(records))
    }
}

/// Writes tar files byte by byte (POSIX ustar headers, pax records), so that tests can build
/// what ferry never writes: links, folders, devices, huge pax headers, lying sizes.
enum TarWriter {
    static let block = 512

    /// The members, then the two zero blocks that end an archive, and nothing after them.
    static func archive(_ entries: [TarEntry]) -> [UInt8] {
        var bytes = [UInt8]()
        for entry in entries {
            bytes += header(entry)
            bytes += entry.data
            bytes += [UInt8](repeating: 0, count: (block - entry.data.count % block) % block)
        }
        return bytes + [UInt8](repeating: 0, count: 2 * block)
    }

    /// The 512-byte ustar header of `entry`, checksum included.
    static func header(_ entry: TarEntry) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() {
                header[offset + index] = byte
            }
        }
        put(entry.name, at: 0, width: 100)
        put("0000644", at: 100, width: 8)
        put("0000000", at: 108, width: 8)
        put("0000000", at: 116, width: 8)
        put(octal(entry.declaredSize ?? entry.data.count, digits: 11), at: 124, width: 12)
        put(octal(1_700_000_000, digits: 11), at: 136, width: 12)
        header[156] = entry.kind.rawValue
        put(entry.linkTarget, at: 157, width: 100)
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put(octal(entry.device.major, digits: 7), at: 329, width: 8)
        put(octal(entry.device.minor, digits: 7), at: 337, width: 8)
        put("        ", at: 148, width: 8)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, digits: 6), at: 148, width: 6)
        header[154] = 0
        header[155] = 0x20
        return header
    }

    /// pax records "LENGTH KEY=VALUE\n", where LENGTH counts the whole record, itself included.
    static func paxRecords(_ records: [(String, String)]) -> [UInt8] {
        var bytes = [UInt8]()
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).count + body.utf8.count != length {
                length = String(length).count + body.utf8.count
            }
            bytes += Array((String(length) + body).utf8)
        }
        return bytes
    }

    /// The regular-file members of a bundle ferry wrote, in order, with their data.
    static func entries(of bytes: [UInt8]) -> [TarEntry] {
        Tar.members(of: bytes).filter { $0.type == TarEntry.Kind.file.rawValue }.map { member in
            .file(member.name, Array(bytes[member.dataOffset..<member.dataOffset + member.size]))
        }
    }

    private static func octal(_ value: Int, digits: Int) -> String {
        let text = String(value, radix: 8)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
