#!/usr/bin/env python3
"""Writes the hand-made hostile inputs that the fuzzers cannot reach by mutation.

Usage: Tests/Fuzz/make-crafted-inputs.py [OUTPUT_DIR]   (default: Tests/Fuzz/crashes)

Every size in a manifest is at most 2**50 (ManifestRules.maximumSize), which keeps one sum
of two sizes far from Int.max, but not a sum over many changes: 8192 sizes of 2**50 make
2**63. Mutating inputs of a few KiB never builds such a 2 MB manifest.

  manifest-offset-overflow        8192 changes in one payload member: ManifestRules'
                                  PayloadCursor adds their lengths and traps
  reader-offset-overflow          the same manifest in a bundle (ferry inspect traps too)
  inspect-payload-bytes-overflow  8192 members of 2**50 bytes each: FerryCore accepts the
                                  manifest, ferry inspect adds the member sizes and traps
  reader-zstd-window-2g           an unsigned manifest declaring one 2 GiB zstd file, and a
                                  68 KiB payload whose frame asks for a 2 GiB window and
                                  expands to 2 GiB: inspect, which reads payloads without
                                  a valid signature, allocates and fills the whole window
"""
import hashlib
import io
import os
import struct
import sys
import tarfile

LIMIT = 1 << 50  # ManifestRules.maximumSize
COUNT = 8192  # COUNT * LIMIT == 2**63, one past Int.max
ZERO = "0" * 64
CREATED = 1764806400


def change(index, member, offset, size=LIMIT, codec="raw"):
    return (
        '{"op":"add","path":"f%05d","mode":"0644","size":%d,"hash":"%s",'
        '"payload":{"member":"%s","offset":%d,"length":%d,"codec":"%s"}}'
        % (index, size, ZERO, member, offset, size, codec)
    )


def member(index, size, digest=ZERO):
    return '{"member":"payload/%06d","size":%d,"hash":"%s"}' % (index, size, digest)


def manifest(changes, payloads):
    header = (
        '{\n  "format": 1,\n  "channel": "av-bases",\n'
        '  "to": {"version":1,"tree":"%s"},\n  "created": "2025-12-04T00:00:00Z",\n' % ZERO
    )
    return (
        header
        + '  "changes": [\n    ' + ",\n    ".join(changes) + "\n  ],\n"
        + '  "payloads": [\n    ' + ",\n    ".join(payloads) + "\n  ]\n}\n"
    ).encode()


def bundle(manifest_bytes, payloads=()):
    """A bundle with the manifest, a signature-shaped member and the payload members."""
    signature = b"untrusted comment: not a signature\nAAAA\ntrusted comment: none\nAAAA\n"
    members = [("manifest.json", manifest_bytes), ("manifest.json.minisig", signature)]
    members += [("payload/%06d" % (i + 1), data) for i, data in enumerate(payloads)]
    output = io.BytesIO()
    with tarfile.open(fileobj=output, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, CREATED
            archive.addfile(info, io.BytesIO(data))
    return output.getvalue()


def zstd_window_bomb(window_log, blocks):
    """One zstd frame with no content size, a 2**window_log window, and `blocks` RLE blocks
    of 128 KiB each (4 bytes apiece)."""
    frame = b"\x28\xb5\x2f\xfd" + bytes([0x00, (window_log - 10) << 3])
    block = 128 << 10
    for index in range(blocks):
        last = 1 if index == blocks - 1 else 0
        frame += struct.pack("<I", block << 3 | 1 << 1 | last)[:3] + b"x"
    return frame


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "crashes")
    os.makedirs(folder, exist_ok=True)
    one_member = manifest(
        [change(i, "payload/000001", i * LIMIT) for i in range(COUNT)], [member(1, 1)])
    many_members = manifest(
        [change(i, "payload/%06d" % (i + 1), 0) for i in range(COUNT)],
        [member(i + 1, LIMIT) for i in range(COUNT)])
    bomb = zstd_window_bomb(31, (2 << 30) // (128 << 10))
    bomb_manifest = manifest(
        [change(0, "payload/000001", 0, size=2 << 30, codec="zstd")],
        [member(1, len(bomb), hashlib.blake2b(bomb, digest_size=32).hexdigest())])
    outputs = {
        "manifest-offset-overflow": one_member,
        "reader-offset-overflow": bundle(one_member),
        "inspect-payload-bytes-overflow": bundle(many_members),
        "reader-zstd-window-2g": bundle(bomb_manifest, [bomb]),
    }
    for name, data in outputs.items():
        with open(os.path.join(folder, name), "wb") as file:
            file.write(data)
        print("%s/%s: %d bytes" % (folder, name, len(data)))


if __name__ == "__main__":
    main()
