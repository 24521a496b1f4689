#!/usr/bin/env python3
"""Write a synthetic, anti-virus-style database corpus with several releases.

    make-corpus.py OUT [--seed N] [--scale F] [--releases N] [--files N]

writes OUT/1, OUT/2, ... OUT/N, one folder per release (zero-padded to one
width when there are ten or more, so `sort` and `sort -V` agree).

Release 1 holds about 400 MB x scale in about 50 files, in three kinds:

  *.ndb  text signatures, one per line:  Name:Type:Offset:HexPattern
         (ClamAV's extended signature format; the pattern is hex with the odd
         `??` wildcard or `{n-m}` gap)
  *.hdb  text hash signatures, one per line:  md5hex:size:Name
  *.sdb  binary blobs: a 64-byte header (magic, release, record count, record
         size) and fixed-size records (id, type, flags, release, a 20-byte
         digest, a variable-length pattern, zero padding)

Each next release, independently for each file (decided by a PRNG seeded from
the seed, the file's name and the release):

  * with probability 0.5 about 0.5% new records are appended to it;
  * with probability 0.6 about 0.1% of its records are edited in place (the
    same record position, a new pattern or digest);
  * otherwise it is copied unchanged;

and one new file of 0.1..0.4% of release 1's size is added and one file
(never one of the three largest) is removed.  The binary header's release and count change only when a file
changes.  All randomness comes from random.Random seeded by strings, and
bytes from Random.randbytes, so the output is byte-identical across runs on
the same Python version (and, as Random's string seeding and randbytes have
not changed since 3.9, in practice on any CPython >= 3.9).  File times are
not set: only contents and names are deterministic.

Python 3 standard library only.  At scale 1 it takes about a minute and
writes about 2 GB (5 releases).
"""

import argparse
import math
import os
import random
import shutil
import struct
import sys

DEFAULT_SEED = 20261204
BASE_BYTES = 400 * 1000 * 1000

PLATFORMS = [b"Win", b"Win", b"Win", b"Unix", b"Osx", b"Andr", b"Doc", b"Html", b"Js", b"Pdf", b"Xls", b"Email"]
CATEGORIES = [b"Trojan", b"Trojan", b"Malware", b"Exploit", b"Downloader", b"Dropper", b"Worm",
              b"Adware", b"Ransomware", b"Coinminer", b"Phishing", b"Packed", b"Keylogger", b"Backdoor"]
OFFSETS = [b"*", b"*", b"*", b"0", b"EP+0", b"EP+12", b"EOF-512", b"S0+0", b"S1+64", b"SL+32", b"128", b"4096"]
TYPES = [b"0", b"1", b"1", b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"9", b"10"]
SYLLABLES = ["ka", "zor", "vin", "tel", "mu", "rax", "qo", "den", "lim", "pha", "sur", "gat", "wen", "bri",
             "xo", "nel", "dor", "fi", "jun", "cha", "ost", "ver", "ul", "mag"]


def family_names(rng, count):
    names = []
    for _ in range(count):
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        names.append(word.capitalize().encode())
    return names


class TextDB:
    """A text signature file: a list of lines (bytes, no newline)."""

    def __init__(self, name, kind, rng):
        self.name = name
        self.kind = kind  # "ndb" or "hdb"
        self.families = family_names(rng, 400)
        self.next_id = rng.randrange(1_000_000, 9_000_000)
        self.lines = []

    def new_lines(self, rng, count, version=0):
        fams = self.families
        if self.kind == "hdb":
            raw = rng.randbytes(16 * count).hex().encode()
            out = []
            for i in range(count):
                ident = self.next_id
                self.next_id += 1
                out.append(b"%s:%d:%s.%s.%s-%d-%d" % (
                    raw[32 * i:32 * i + 32], rng.randrange(512, 4_000_000), rng.choice(PLATFORMS),
                    rng.choice(CATEGORIES), rng.choice(fams), ident, version))
            return out
        lengths = [rng.randrange(12, 60) for _ in range(count)]
        raw = rng.randbytes(sum(lengths)).hex().encode()
        out = []
        pos = 0
        for i in range(count):
            ident = self.next_id
            self.next_id += 1
            n = 2 * lengths[i]
            pat = raw[pos:pos + n]
            pos += n
            r = rng.random()
            if r < 0.15:  # a wildcard byte
                cut = 2 * rng.randrange(1, lengths[i])
                pat = pat[:cut] + b"??" + pat[cut + 2:]
            elif r < 0.25:  # a gap
                cut = 2 * rng.randrange(1, lengths[i])
                lo = rng.randrange(0, 16)
                pat = pat[:cut] + b"{%d-%d}" % (lo, lo + rng.randrange(1, 64)) + pat[cut:]
            out.append(b"%s.%s.%s-%d-%d:%s:%s:%s" % (
                rng.choice(PLATFORMS), rng.choice(CATEGORIES), rng.choice(fams), ident, version,
                rng.choice(TYPES), rng.choice(OFFSETS), pat))
        return out

    def create(self, rng, size):
        avg = 44 if self.kind == "hdb" else 110
        self.lines = self.new_lines(rng, max(1, size // avg))

    def update(self, rng, release, append_frac, edit_frac):
        n = len(self.lines)
        if edit_frac:
            count = max(1, round(n * edit_frac))
            for i in rng.sample(range(n), count):
                old = self.lines[i]
                # keep the signature's name, give it a new body and bump its version
                fresh = self.new_lines(rng, 1, release)[0]
                if self.kind == "hdb":
                    name = old.split(b":", 2)[2].rsplit(b"-", 1)[0]
                    body = fresh.split(b":", 2)[:2]
                    self.lines[i] = b"%s:%s:%s-%d" % (body[0], body[1], name, release)
                else:
                    name = old.split(b":", 1)[0].rsplit(b"-", 1)[0]
                    self.lines[i] = b"%s-%d:%s" % (name, release, fresh.split(b":", 1)[1])
        if append_frac:
            self.lines.extend(self.new_lines(rng, max(1, round(n * append_frac)), release))

    def content(self):
        return b"\n".join(self.lines) + b"\n"


class BinaryDB:
    """A binary blob: a header and fixed-size records."""

    MAGIC = b"FRYSIGDB"
    HEADER = 64

    def __init__(self, name, rng):
        self.name = name
        self.record_size = rng.choice([96, 128, 192, 256, 384, 512])
        self.release = 1
        self.next_id = rng.randrange(1 << 20, 1 << 28)
        self.data = bytearray()

    def records(self, rng, count, release):
        size = self.record_size
        # after a 16-byte head and a 20-byte digest, a variable-length pattern
        # fills 30..90% of the record's free room and zeros pad the rest
        room = size - 36
        parts = []
        blob = rng.randbytes(count * (20 + room))
        pos = 0
        for _ in range(count):
            ident = self.next_id
            self.next_id += 1
            plen = rng.randrange(room * 3 // 10, room * 9 // 10)
            head = struct.pack("<IHHII", ident, rng.randrange(0, 12), rng.randrange(0, 4), release, plen)
            digest = blob[pos:pos + 20]
            pattern = blob[pos + 20:pos + 20 + plen]
            pos += 20 + room
            parts.append(head + digest + pattern + bytes(room - plen))
        return parts

    def header(self):
        count = (len(self.data) - self.HEADER) // self.record_size
        return self.MAGIC + struct.pack("<IIII", self.release, count, self.record_size, 1) + bytes(self.HEADER - 24)

    def create(self, rng, size):
        count = max(1, size // self.record_size)
        self.data = bytearray(self.HEADER) + b"".join(self.records(rng, count, 1))
        self.data[:self.HEADER] = self.header()

    def update(self, rng, release, append_frac, edit_frac):
        size = self.record_size
        n = (len(self.data) - self.HEADER) // size
        self.release = release
        if edit_frac:
            count = max(1, round(n * edit_frac))
            for i in rng.sample(range(n), count):
                at = self.HEADER + i * size
                ident = struct.unpack_from("<I", self.data, at)[0]
                rec = bytearray(self.records(rng, 1, release)[0])
                self.next_id -= 1
                struct.pack_into("<I", rec, 0, ident)
                self.data[at:at + size] = rec
        if append_frac:
            self.data += b"".join(self.records(rng, max(1, round(n * append_frac)), release))
        self.data[:self.HEADER] = self.header()

    def content(self):
        return bytes(self.data)


def plan(seed, scale, releases, files):
    """Decide every file's name, kind, size and lifetime [born, dies)."""
    rng = random.Random(f"ferry-corpus:{seed}:plan")
    dirs = ["main", "daily", "bytecode", "safebrowsing"]
    weights = [rng.lognormvariate(0, 1.3) for _ in range(files)]
    total = sum(weights)
    entries = []
    used = set()

    def name_for(kind, index):
        while True:
            folder = rng.choice(dirs)
            stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
            path = f"{folder}/{stem}-{index:02d}.{kind}"
            if path not in used:
                used.add(path)
                return path

    for i, w in enumerate(weights):
        kind = rng.choices(["ndb", "hdb", "sdb"], [0.45, 0.15, 0.40])[0]
        size = max(4096, int(BASE_BYTES * scale * w / total))
        entries.append({"path": name_for(kind, i), "kind": kind, "size": size, "born": 1, "dies": releases + 1})
    largest = {e["path"] for e in sorted(entries, key=lambda e: -e["size"])[:3]}
    for release in range(2, releases + 1):
        alive = [e for e in entries if e["born"] < release and e["dies"] > release and e["path"] not in largest]
        victim = rng.choice(alive)
        victim["dies"] = release
        kind = rng.choice(["ndb", "hdb", "sdb"])
        entries.append({"path": name_for(kind, len(entries)), "kind": kind,
                        "size": max(4096, int(BASE_BYTES * scale * rng.uniform(0.001, 0.004))), "born": release,
                        "dies": releases + 1})
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("out", metavar="OUT", help="folder to create the release folders in")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"PRNG seed (default {DEFAULT_SEED})")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size factor: 1 = about 400 MB per release (default 1); 0.05 for a quick run")
    parser.add_argument("--releases", type=int, default=5, help="number of releases (default 5)")
    parser.add_argument("--files", type=int, default=50, help="files in release 1 (default 50)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args()
    if args.scale <= 0 or args.releases < 1 or args.files < 4:
        parser.error("need --scale > 0, --releases >= 1, --files >= 4")

    width = len(str(args.releases))
    out = args.out
    for release in range(1, args.releases + 1):
        folder = os.path.join(out, str(release).zfill(width))
        if os.path.exists(folder):
            shutil.rmtree(folder)
    entries = plan(args.seed, args.scale, args.releases, args.files)
    written = 0
    for number, entry in enumerate(entries, 1):
        path = entry["path"]
        rng = random.Random(f"ferry-corpus:{args.seed}:{path}")
        db = BinaryDB(path, rng) if entry["kind"] == "sdb" else TextDB(path, entry["kind"], rng)
        db.create(rng, entry["size"])
        previous = None
        for release in range(entry["born"], entry["dies"]):
            if release > entry["born"]:
                step = random.Random(f"ferry-corpus:{args.seed}:{path}:{release}")
                append = 0.005 if step.random() < 0.5 else 0.0
                edit = 0.001 if step.random() < 0.6 else 0.0
                if append or edit:
                    db.update(step, release, append, edit)
                    previous = None
            target = os.path.join(out, str(release).zfill(width), path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if previous is not None:
                shutil.copyfile(previous, target)
                written += os.path.getsize(target)
            else:
                data = db.content()
                with open(target, "wb") as f:
                    f.write(data)
                written += len(data)
            previous = target
        if not args.quiet and sys.stderr.isatty():
            print(f"\rmake-corpus: {number}/{len(entries)} files, {written / 1e6:.0f} MB written",
                  end="", file=sys.stderr, flush=True)
    if not args.quiet:
        print(("\r" if sys.stderr.isatty() else "") + f"make-corpus: {len(entries)} files in {args.releases} releases, {written / 1e6:.0f} MB written to {out}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
