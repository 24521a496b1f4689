// libFuzzer target: the minisign signature and public key parsers on arbitrary bytes. Built
// by fuzz.sh together with the FerryCore sources into one module, outside SwiftPM.

/// A key whose id matches every signature handed to it, so `verify` runs past the key-id
/// check into libsodium with a hostile signature (and a key that is not a curve point).
private func matchingKey(for signature: Signature) -> PublicKey {
    PublicKey(keyID: signature.keyID, bytes: [UInt8](repeating: 0x5a, count: 32))
}

/// Parses the bytes as a `.minisig` file, and as a `.pub` file both through the public
/// string entry point and the byte one that `PublicKey.load` uses. Thrown errors are the
/// expected answer to hostile bytes; a crash is a bug. Whatever parses must write itself
/// out and parse back to the same values.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSignature(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let signature = try? Signature(minisignText: bytes) {
        checkRoundTrip(signature)
        _ = try? signature.verify(bytes, with: matchingKey(for: signature))
    }
    if let key = try? PublicKey(text: bytes, source: "fuzz input") {
        checkRoundTrip(key)
    }
    _ = try? PublicKey(minisignText: String(decoding: bytes, as: UTF8.self))
    return 0
}

private func checkRoundTrip(_ signature: Signature) {
    guard let again = try? Signature(minisignText: signature.fileText) else {
        fatalError("an accepted signature does not parse after fileText")
    }
    guard again.keyID == signature.keyID, again.signature == signature.signature,
        again.globalSignature == signature.globalSignature,
        Array(again.trustedComment.utf8) == Array(signature.trustedComment.utf8),
        Array(again.untrustedComment.utf8) == Array(signature.untrustedComment.utf8)
    else {
        fatalError("an accepted signature changes through fileText and a second parse")
    }
}

private func checkRoundTrip(_ key: PublicKey) {
    guard let again = try? PublicKey(minisignText: key.fileText(comment: nil)) else {
        fatalError("an accepted public key does not parse after fileText")
    }
    guard again == key, (try? PublicKey(minisignText: key.base64)) == key else {
        fatalError("an accepted public key changes through fileText and a second parse")
    }
}
