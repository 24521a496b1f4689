// libFuzzer target: a whole bundle file, read the way `verify` reads it but with the
// signature check skipped, so hostile bytes reach the tar reader, the manifest rules and
// the payload decoders. Built by fuzz.sh together with the FerryCore sources into one
// module, outside SwiftPM.
//
// A custom mutator keeps most inputs well-formed tar: byte-level mutation alone breaks a
// header checksum or a member size on nearly every try, and libarchive then refuses the
// bundle before ferry's code sees it.

import CFuzzer
import Glibc

/// One scratch file per fuzzer process, rewritten for every input; libFuzzer runs inputs one
/// at a time, and `-fork`/`-jobs` workers are separate processes with their own pid.
private let scratchPath: String = {
    let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    return "\(folder)/ferry-fuzz-reader-\(getpid()).ferry"
}()

/// Writes `size` bytes at `data` over the scratch file; false if the file system refuses.
private func writeScratch(_ data: UnsafePointer<UInt8>, _ size: Int) -> Bool {
    let descriptor = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var offset = 0
    while offset < size {
        let count = write(descriptor, data + offset, size - offset)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        offset += count
    }
    return true
}

/// Reads the bundle's head, decodes the manifest, then streams every payload through the
/// decoders into a sink that keeps nothing. Any thrown error is an acceptable answer; a
/// crash, a hang (libFuzzer's -timeout) or memory past -rss_limit_mb is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzBundleReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard writeScratch(data, size) else {
        fatalError("cannot write the scratch bundle \(scratchPath): errno \(errno)")
    }
    do {
        let reader = try BundleReader(path: scratchPath)
        let head = try reader.readHead()
        let manifest = try Manifest(decoding: head.manifestBytes)
        try reader.readPayloads(of: manifest, into: DiscardingPayloads())
    } catch {
        // Refusing hostile bytes is the expected outcome.
    }
    return 0
}

/// Mutates a bundle as a list of tar members most of the time: one member's body is
/// mutated and the headers are rewritten to fit, sometimes with the manifest's payload
/// sizes and hashes brought in line so the decoders run to the end of the member. The
/// rest of the time plain byte mutation reaches the tar parser itself.
@_cdecl("LLVMFuzzerCustomMutator")
func mutateBundle(
    _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32
) -> Int {
    var random = SplitMix(seed: UInt64(seed))
    let choice = random.below(10)
    guard choice >= 3, var members = Tar.parse(UnsafeBufferPointer(start: data, count: size))
    else {
        return mutateBytes(data, size, maxSize, fixChecksums: random.below(4) != 0)
    }

    if choice == 9 {
        Tar.shuffle(&members, random: &random)
    } else {
        let index = random.below(members.count)
        members[index].body = mutate(members[index].body, room: maxSize / 8)
    }
    if choice >= 6 { fixPayloadFacts(&members) }

    let output = Tar.serialize(members)
    guard output.count <= maxSize else { return mutateBytes(data, size, maxSize) }
    output.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: $0.count) }
    return output.count
}

private func mutateBytes(
    _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, fixChecksums: Bool = false
) -> Int {
    let count = LLVMFuzzerMutate(data, size, maxSize)
    if fixChecksums { Tar.fixChecksums(UnsafeMutableBufferPointer(start: data, count: count)) }
    return count
}

/// `bytes` mutated by libFuzzer's own mutators, growing by at most `room` bytes.
private func mutate(_ bytes: [UInt8], room: Int) -> [UInt8] {
    var buffer = bytes.isEmpty ? [0x7b] : bytes
    let count = buffer.count
    buffer += [UInt8](repeating: 0, count: max(room, 1))
    let produced = LLVMFuzzerMutate(&buffer, count, buffer.count)
    return Array(buffer[0..<produced])
}

/// Rewrites each payload member's size and hash in the manifest to the member's actual
/// ones, so a mutated payload passes the checks that stand before its decoder's end.
private func fixPayloadFacts(_ members: inout [TarMember]) {
    guard let manifest = members.firstIndex(where: { $0.name == BundleSignature.manifestMember })
    else { return }
    for member in members where member.name.hasPrefix("payload/") {
        let hash = Digest.of(member.body).hex
        let key = Array("\"member\":\"\(member.name)\",\"size\":".utf8)
        members[manifest].body = replaceFacts(
            in: members[manifest].body, after: key, size: member.body.count, hash: hash)
    }
}

/// `text` with the number after `key` set to `size` and the hash string that follows set
/// to `hash`; unchanged where the text does not have that shape.
private func replaceFacts(in text: [UInt8], after key: [UInt8], size: Int, hash: String)
    -> [UInt8]
{
    guard let start = firstIndex(of: key, in: text, from: 0) else { return text }
    let numberStart = start + key.count
    var numberEnd = numberStart
    while numberEnd < text.count && (text[numberEnd] == 0x2d || isDigit(text[numberEnd])) {
        numberEnd += 1
    }
    var result = Array(text[0..<numberStart]) + Array(String(size).utf8)
    let hashKey = Array(",\"hash\":\"".utf8)
    let rest = Array(text[numberEnd...])
    guard rest.starts(with: hashKey), rest.count >= hashKey.count + 64 else {
        return result + rest
    }
    result += hashKey + Array(hash.utf8)
    return result + rest[(hashKey.count + 64)...]
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
}

private func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var index = start
    while index <= haystack.count - needle.count {
        if haystack[index] == needle[0] && haystack[index..<(index + needle.count)] == needle[...] {
            return index
        }
        index += 1
    }
    return nil
}

/// A small, seedable generator, so that libFuzzer can replay a mutation from its seed.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in 0..<bound; bound must be positive.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}

/// One member of a tar archive as the mutator sees it: its 512-byte header and its body.
/// Pax extended headers are members too, so they are kept, mutated and moved like others.
private struct TarMember {
    var header: [UInt8]
    var body: [UInt8]

    /// The header's name field, up to its first NUL.
    var name: String {
        let field = header[0..<100]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[..<end], as: UTF8.self)
    }
}

/// Just enough of ustar to split an archive into members and write it back with sizes and
/// checksums that libarchive accepts.
private enum Tar {
    static let block = 512
    static let sizeField = 124..<136
    static let checksumField = 148..<156

    /// The members before the end marker, or nil when the bytes are not a readable tar.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [TarMember]? {
        var members = [TarMember]()
        var offset = 0
        while offset + block <= bytes.count {
            let header = Array(bytes[offset..<(offset + block)])
            if header.allSatisfy({ $0 == 0 }) { break }
            guard let size = octal(header[sizeField]), size <= bytes.count - offset - block
            else { return nil }
            let start = offset + block
            members.append(TarMember(header: header, body: Array(bytes[start..<(start + size)])))
            offset = start + padded(size)
        }
        return members.isEmpty ? nil : members
    }

    /// The archive with each header's size and checksum set to fit its body, and the
    /// two-block end marker that ferry's writer puts last.
    static func serialize(_ members: [TarMember]) -> [UInt8] {
        var bytes = [UInt8]()
        for member in members {
            var header = member.header
            setOctal(&header, sizeField, member.body.count, digits: 11)
            setChecksum(&header)
            bytes += header + member.body
            bytes += [UInt8](repeating: 0, count: padded(member.body.count) - member.body.count)
        }
        return bytes + [UInt8](repeating: 0, count: 2 * block)
    }

    /// Sets the checksum of every header that the sizes lead to, in place.
    static func fixChecksums(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        var offset = 0
        while offset + block <= bytes.count {
            var header = Array(bytes[offset..<(offset + block)])
            guard !header.allSatisfy({ $0 == 0 }), let size = octal(header[sizeField]) else {
                return
            }
            setChecksum(&header)
            for (index, byte) in header.enumerated() { bytes[offset + index] = byte }
            offset += block + padded(size)
        }
    }

    /// Drops, repeats or swaps members: the reader must refuse every order but one.
    static func shuffle(_ members: inout [TarMember], random: inout SplitMix) {
        let index = random.below(members.count)
        switch random.below(3) {
        case 0 where members.count > 1: members.remove(at: index)
        case 1: members.insert(members[index], at: random.below(members.count + 1))
        default: members.swapAt(index, random.below(members.count))
        }
    }

    private static func padded(_ size: Int) -> Int {
        (size + block - 1) / block * block
    }

    /// A NUL- or space-terminated octal field; nil for base-256 or anything else.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var seenDigit = false
        for byte in field.drop(while: { $0 == 0x20 }) {
            if byte == 0 || byte == 0x20 { break }
            guard byte >= 0x30 && byte <= 0x37, value < (1 << 40) else { return nil }
            value = value * 8 + Int(byte - 0x30)
            seenDigit = true
        }
        return seenDigit ? value : nil
    }

    private static func setOctal(
        _ header: inout [UInt8], _ field: Range<Int>, _ value: Int, digits: Int
    ) {
        let text = Array(String(value, radix: 8).utf8)
        let padding = [UInt8](repeating: 0x30, count: max(0, digits - text.count))
        let bytes = padding + text.suffix(digits) + [0]
        header.replaceSubrange(field.lowerBound..<(field.lowerBound + bytes.count), with: bytes)
    }

    private static func setChecksum(_ header: inout [UInt8]) {
        header.replaceSubrange(checksumField, with: [UInt8](repeating: 0x20, count: 8))
        let sum = header.reduce(0) { $0 + Int($1) }
        setOctal(&header, checksumField, sum, digits: 6)
        header[checksumField.upperBound - 1] = 0x20
    }
}
