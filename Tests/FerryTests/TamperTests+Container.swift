import Foundation
import Testing

/// Cases of the tamper table that damage the tar container: flipped bits in every member
/// and header, cuts, junk, members missing, repeated, reordered or extra, members that are
/// links, folders or devices, and pax headers that are huge or lie. None needs a key.
extension TamperTests {
    static let containerCases: [Case] =
        flippedBits + cutsAndJunk + memberOrder
        + specialMembers(in: "payload/000001") + specialMembers(in: "manifest.json") + paxHeaders

    static let flippedBits: [Case] = [
        damaged("flipped bit at the start of the manifest") { try $0.flipped(in: manifest, at: 0) },
        damaged("flipped bit at the end of the manifest") { try $0.flipped(in: manifest, at: 1) },
        damaged("flipped bit in the untrusted comment's prefix") { try $0.flippedSignature(0, 3) },
        damaged("flipped bit in the signature's algorithm") { try $0.flippedSignature(1, 1) },
        damaged("flipped bit in the signature's key id") { try $0.flippedSignature(1, 6) },
        damaged("flipped bit at the end of the signature") { try $0.flippedSignature(1, 95) },
        damaged("flipped bit in the trusted comment") { try $0.flippedSignature(2, 40) },
        damaged("flipped bit in the global signature") { try $0.flippedSignature(3, 20) },
        damaged("flipped bit at the start of a payload") { try $0.flipped(in: payload, at: 0) },
        damaged("flipped bit in the manifest's header name") { try $0.flippedHeader(manifest, 3) },
        damaged("flipped bit in the manifest's header magic") {
            try $0.flippedHeader(manifest, 258)
        },
        damaged("flipped bit in the signature's header size") {
            try $0.flippedHeader(signature, 134)
        },
        damaged("flipped bit in a payload's header type") { try $0.flippedHeader(payload, 156) },
        damaged("flipped bit in a payload's header checksum") {
            try $0.flippedHeader(payload, 150)
        },
        damaged("flipped bit in the end marker's first block") { bench in
            try bench.edited { bytes in bytes[Tar.endOfArchive(bytes) + 100] ^= 0x01 }
        },
        damaged("junk in the end marker's second block") { bench in
            try bench.edited { bytes in bytes[Tar.endOfArchive(bytes) + 600] = 0x4A }
        },
    ]

    static let cutsAndJunk: [Case] = [
        damaged("empty file") { try $0.edited { $0 = [] } },
        damaged("cut inside the first header") { try $0.edited { $0.removeLast($0.count - 100) } },
        damaged("cut inside the manifest") { try $0.edited { $0.removeLast($0.count - 700) } },
        damaged("cut inside a payload") { bench in
            try bench.edited { bytes in
                let member = try #require(Tar.member(payload, in: bytes))
                bytes.removeLast(bytes.count - member.dataOffset - member.size / 2)
            }
        },
        damaged("cut before the end marker") { bench in
            try bench.edited { bytes in bytes.removeLast(bytes.count - Tar.endOfArchive(bytes)) }
        },
        damaged("cut inside the end marker") { bench in
            try bench.edited { bytes in bytes.removeLast(512) }
        },
        damaged("one zero block appended") {
            try $0.edited { $0 += [UInt8](repeating: 0, count: 512) }
        },
        damaged("the whole bundle appended again") { try $0.edited { $0 += $0 } },
    ]

    static let memberOrder: [Case] = [
        damaged("manifest member missing") { try $0.rebuilt { $0.remove(at: 0) } },
        damaged("manifest repeated") { try $0.rebuilt { $0.insert($0[0], at: 1) } },
        damaged("signature before the manifest") { try $0.rebuilt { $0.swapAt(0, 1) } },
        damaged("payload repeated") { try $0.rebuilt { $0.append($0[2]) } },
        damaged("extra member between signature and payload") { bench in
            try bench.rebuilt { $0.insert(.file("notes.txt", Array("hello\n".utf8)), at: 2) }
        },
        damaged("payload renamed") { try $0.rebuilt { $0[2].name = "payload/000002" } },
        damaged("member name with a newline") { bench in
            try bench.rebuilt { $0[0].name = "manifest.json\nferry: applied: target is now at 9" }
        },
        damaged("member name with terminal escapes") { bench in
            try bench.rebuilt { $0[0].name = "\u{1b}[2J\u{1b}[Hmanifest.json" }
        },
        damaged("payload of another bundle mixed in") { bench in
            try bench.shop.pack(since: 2, to: 4, output: "other.bundle")
            let other = TarWriter.entries(of: try bench.folder.bytes("other.bundle"))
            return try bench.rebuilt { $0[2] = other[2] }
        },
    ]

    /// A link, folder, FIFO or device member named `name`, in place of that member.
    static func specialMembers(in name: String) -> [Case] {
        let specials: [(String, TarEntry)] = [
            ("symbolic link", TarEntry(name: name, kind: .symbolicLink, linkTarget: "/etc/passwd")),
            (
                "hard link",
                TarEntry(name: name, kind: .hardLink, linkTarget: "manifest.json.minisig")
            ),
            ("folder", TarEntry(name: name, kind: .folder)),
            ("FIFO", TarEntry(name: name, kind: .fifo)),
            ("character device", TarEntry(name: name, kind: .characterDevice, device: (1, 5))),
        ]
        return specials.map { kind, special in
            damaged("\(kind) in place of \(name)") { bench in
                try bench.rebuilt { entries in
                    let index = try #require(entries.firstIndex { $0.name == name })
                    entries[index] = special
                }
            }
        }
    }

    static let paxHeaders: [Case] = [
        damaged("100 MB of pax records before the manifest") { bench in
            try bench.rebuilt { $0.insert(hugePax, at: 0) }
        },
        damaged("100 MB of pax records before a payload") { bench in
            try bench.rebuilt { $0.insert(hugePax, at: 2) }
        },
        damaged("pax header lying about a payload's size") { bench in
            try bench.rebuilt { entries in
                entries.insert(.pax([("size", String(entries[2].data.count + 4096))]), at: 2)
            }
        },
        damaged("tar header lying about a payload's size") { bench in
            try bench.rebuilt { entries in entries[2].declaredSize = entries[2].data.count - 700 }
        },
    ]

    static let manifest = "manifest.json"
    static let signature = "manifest.json.minisig"
    static let payload = "payload/000001"

    /// A pax header of 100 MB: a hundred thousand records of 1000 bytes each.
    static let hugePax: TarEntry = {
        let record = (key: "comment", value: String(repeating: "A", count: 988))
        return .pax(Array(repeating: record, count: 100_000))
    }()
}

extension TamperTests.Bench {
    /// The good bundle taken apart into its members, changed by `edit`, and written again
    /// by the test's own tar writer as `bad.bundle`.
    func rebuilt(_ edit: (inout [TarEntry]) throws -> Void) throws -> String {
        var entries = TarWriter.entries(of: try folder.bytes("good.bundle"))
        try edit(&entries)
        return try folder.write("bad.bundle", TarWriter.archive(entries))
    }

    /// The good bundle with one bit flipped at `offset` in the header of member `name`.
    func flippedHeader(_ name: String, _ offset: Int) throws -> String {
        try edited { bytes in
            let member = try #require(Tar.member(name, in: bytes), "no member \(name)")
            bytes[member.headerOffset + offset] ^= 0x01
        }
    }

    /// The good bundle with one bit flipped in character `index` of line `line` (from 0)
    /// of the signature member.
    func flippedSignature(_ line: Int, _ index: Int) throws -> String {
        try edited { bytes in
            let member = try #require(Tar.member(TamperTests.signature, in: bytes))
            let data = bytes[member.dataOffset..<member.dataOffset + member.size]
            let starts =
                [member.dataOffset] + data.indices.filter { data[$0] == 0x0A }.map { $0 + 1 }
            bytes[starts[line] + index] ^= 0x01
        }
    }
}
