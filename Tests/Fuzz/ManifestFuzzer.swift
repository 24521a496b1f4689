// libFuzzer target: `Manifest(decoding:)` on arbitrary bytes. Built by fuzz.sh together with
// the FerryCore sources into one module, outside SwiftPM, so FerryCore's internals are visible
// without an import.

/// Decodes the bytes as a manifest. A thrown `ManifestError` is the expected answer to
/// hostile bytes; a crash is a bug. A manifest that decodes must survive `encoded()` and a
/// second decode unchanged, and encode to the same bytes again, or `pack` could sign bytes
/// that `apply` reads differently.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let manifest = try? Manifest(decoding: bytes) else { return 0 }

    let encoded = manifest.encoded()
    let again: Manifest
    do {
        again = try Manifest(decoding: encoded)
    } catch {
        fatalError("an accepted manifest does not decode after encoded(): \(error)")
    }
    guard again == manifest else {
        fatalError("an accepted manifest changes through encoded() and a second decode")
    }
    guard again.encoded() == encoded else {
        fatalError("encoded() gives different bytes for a manifest read back from them")
    }
    return 0
}
