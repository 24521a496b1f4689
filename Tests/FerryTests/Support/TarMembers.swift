import Foundation

/// Reads and edits the members of a tar file at the byte level, to make damaged bundles
/// from good ones: 512-byte headers, the size in octal at offset 124, data padded to 512.
struct TarMember {
    /// The member's path.
    let name: String
    /// The type flag ("0" a file, "x" a pax header, ...).
    let type: UInt8
    /// Where its header starts.
    let headerOffset: Int
    /// Where its data starts.
    let dataOffset: Int
    /// Its data size.
    let size: Int

    /// Where the next header starts.
    var end: Int { dataOffset + (size + 511) / 512 * 512 }
}

enum Tar {
    static let block = 512

    /// The members of `bytes` up to the end-of-archive marker, pax headers included.
    static func members(of bytes: [UInt8]) -> [TarMember] {
        var members = [TarMember]()
        var offset = 0
        while offset + block <= bytes.count {
            let header = Array(bytes[offset..<offset + block])
            if header.allSatisfy({ $0 == 0 }) { break }
            let size = Int(text(header[124..<136]).trimmingCharacters(in: .whitespaces), radix: 8)
            let prefix = text(header[345..<500])
            let name = text(header[0..<100])
            let member = TarMember(
                name: prefix.isEmpty ? name : prefix + "/" + name, type: header[156],
                headerOffset: offset, dataOffset: offset + block, size: size ?? 0)
            members.append(member)
            offset = member.end
        }
        return members
    }

    /// The offset of the end-of-archive marker (the first all-zero header).
    static func endOfArchive(_ bytes: [UInt8]) -> Int {
        members(of: bytes).last?.end ?? 0
    }

    /// The regular-file member called `name`.
    static func member(_ name: String, in bytes: [UInt8]) -> TarMember? {
        members(of: bytes).first { $0.name == name && ($0.type == 0x30 || $0.type == 0) }
    }

    /// `bytes` without the member `name` (and the pax header in front of it, if any).
    static func removing(_ name: String, from bytes: [UInt8]) -> [UInt8]? {
        let all = members(of: bytes)
        guard let index = all.firstIndex(where: { $0.name == name && $0.type != 0x78 }) else {
            return nil
        }
        let hasPax = index > 0 && all[index - 1].type == 0x78
        let start = hasPax ? all[index - 1].headerOffset : all[index].headerOffset
        return Array(bytes[..<start]) + Array(bytes[all[index].end...])
    }

    /// `bytes` with a new regular-file member inserted just before the end-of-archive marker.
    static func inserting(_ name: String, data: [UInt8], into bytes: [UInt8]) -> [UInt8] {
        let end = endOfArchive(bytes)
        let padding = [UInt8](repeating: 0, count: (block - data.count % block) % block)
        return Array(bytes[..<end]) + header(name, size: data.count) + data + padding
            + Array(bytes[end...])
    }

    /// A ustar header for a regular file of `size` bytes, checksum included.
    static func header(_ name: String, size: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        put(name, at: 0)
        put("0000644", at: 100)
        put("0000000", at: 108)
        put("0000000", at: 116)
        put(octal(size, digits: 11), at: 124)
        put(octal(1_700_000_000, digits: 11), at: 136)
        put("        ", at: 148)
        header[156] = 0x30
        put("ustar", at: 257)
        put("00", at: 263)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, digits: 6), at: 148)
        header[154] = 0
        header[155] = 0x20
        return header
    }

    private static func octal(_ value: Int, digits: Int) -> String {
        let text = String(value, radix: 8)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
