#!/usr/bin/env python3
"""Write samples/releases/: five releases of a made-up anti-virus signature database.

What it makes
-------------
One folder per release, named by the vendor's release label (2026.11.01, 2026.11.08,
... 2026.11.29). The labels are zero-padded dates, so sorting them as plain strings
also sorts them in release order. Each release holds:

    README.txt            the same in every release (says this is demo data)
    version.txt           release label, date and record counts (changes every time)
    main.sigs             ~1,500 signature records, "Name:Type:Offset:HexPattern";
                          a few patterns are edited in some releases, none in others
    daily.sigs            the same record format; every release appends 20-40
                          records, edits a handful in place and drops one or two
    bytecode.bin          ~40 KB binary: a 32-byte header carrying the release
                          number, then records; a few percent of the bytes change in
                          each release and new records are appended
    rules/*.rules         several small rule files, some untouched, some with a few
                          lines changed
    tools/update-hook.sh  a shell script with mode 0755

Why it looks like this
----------------------
ferry carries incremental, signed updates of a folder across an air gap, so the
sample has to exercise every kind of change a real signature feed produces, one
kind at a time so each can be demonstrated and tested on its own:

    2026.11.08  adds rules/ransomware.rules; main.sigs is left byte-identical
    2026.11.15  renames rules/old-urls.rules -> rules/urls-legacy.rules, content
                unchanged (a rename should travel without its bytes)
    2026.11.22  removes rules/archives.rules; tools/update-hook.sh changes but
                keeps its executable bit
    2026.11.29  adds rules/office-macros.rules, an exact copy of the unchanged
                rules/macros.rules (a duplicate should travel without its bytes)

Everything is fake: signature names start with "Demo.", patterns and blobs are
SHA-256 output derived from SEED, and every host name uses a reserved top-level
domain (.example, .test, .invalid). Nothing here detects anything.

Determinism
-----------
The generated files are committed, so the demo and the tests never need Python.
Re-running this script must reproduce them byte for byte, so all randomness
comes from SHA-256 in counter mode over SEED rather than from the `random`
module (whose methods other than random() may change between Python versions),
and every file's mode and modification time are set explicitly.

Usage:  python3 samples/make-releases.py [--out DIR]
The output folder is deleted and recreated, so stale files never survive.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import re
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SEED = "ferry-sample-database/v1"
FIRST_RELEASE = date(2026, 11, 1)
RELEASE_COUNT = 5
RELEASE_INTERVAL = timedelta(days=7)

# Release folders are recognised by this shape before the output folder is wiped,
# so a mistyped --out can never delete something that is not ours.
LABEL_PATTERN = re.compile(r"^\d{4}\.\d{2}\.\d{2}$")

MAIN_RECORD_COUNT = 1500
DAILY_INITIAL_COUNT = 250
BYTECODE_TARGET_SIZE = 40_000


# --------------------------------------------------------------------------------------
# Deterministic randomness
# --------------------------------------------------------------------------------------


class Stream:
    """Pseudo-random numbers from SHA-256(SEED/purpose/counter).

    Each purpose (for example "release-3/daily") gets its own stream, so changing how
    one file is generated does not shift the randomness of every other file.
    """

    def __init__(self, *purpose: object) -> None:
        self._key = "/".join([SEED, *map(str, purpose)]).encode()
        self._counter = 0
        self._buffer = b""

    def bytes(self, count: int) -> bytes:
        while len(self._buffer) < count:
            block = self._key + b"/" + self._counter.to_bytes(8, "big")
            self._buffer += hashlib.sha256(block).digest()
            self._counter += 1
        result, self._buffer = self._buffer[:count], self._buffer[count:]
        return result

    def below(self, bound: int) -> int:
        """A uniform integer in [0, bound); rejection sampling avoids modulo bias."""
        limit = (1 << 64) - (1 << 64) % bound
        while True:
            value = int.from_bytes(self.bytes(8), "big")
            if value < limit:
                return value % bound

    def between(self, low: int, high: int) -> int:
        """A uniform integer in [low, high], both ends included."""
        return low + self.below(high - low + 1)

    def choice(self, items):
        return items[self.below(len(items))]

    def percent(self, chance: int) -> bool:
        return self.below(100) < chance

    def hex(self, byte_count: int) -> str:
        return self.bytes(byte_count).hex()

    def distinct_indices(self, count: int, bound: int) -> list[int]:
        """`count` different indices below `bound`, in ascending order."""
        chosen: set[int] = set()
        while len(chosen) < count:
            chosen.add(self.below(bound))
        return sorted(chosen)


# --------------------------------------------------------------------------------------
# Signature records (main.sigs and daily.sigs)
# --------------------------------------------------------------------------------------

# Invented families; "Demo." in front of every name keeps them from being mistaken for
# real detections.
FAMILIES = [
    "Trojan.Agent", "Trojan.Dropper", "Worm.Paperclip", "Downloader.Fetchy",
    "Ransom.Lockbox", "Adware.Popcorn", "Exploit.Teapot", "Backdoor.Knock",
    "Coinminer.Pickaxe", "Spyware.Peeker", "Macro.Autorun", "Script.Tangle",
]

# Target file type, numbered the way scanners usually do it:
# 0 any, 1 PE, 2 OLE2, 3 HTML, 4 mail, 5 image, 6 ELF, 7 text.
TARGET_TYPES = [0, 1, 1, 1, 2, 3, 4, 5, 6, 7]


@dataclass
class Signature:
    name: str
    target: int
    offset: str
    pattern: str

    def line(self) -> str:
        return f"{self.name}:{self.target}:{self.offset}:{self.pattern}"


def random_offset(stream: Stream) -> str:
    kind = stream.below(5)
    if kind == 0:
        return "*"
    if kind == 1:
        return "0"
    if kind == 2:
        return f"EP+{stream.below(64) * 16}"
    if kind == 3:
        return f"EOF-{stream.between(1, 64) * 32}"
    return str(stream.below(4096))


def random_pattern(stream: Stream) -> str:
    """Hex bytes, sometimes with one '??' wildcard byte, as real patterns often have."""
    byte_count = stream.between(8, 28)
    pattern = [stream.hex(1) for _ in range(byte_count)]
    if stream.percent(15):
        pattern[stream.between(1, byte_count - 2)] = "??"
    return "".join(pattern)


def new_signature(stream: Stream, number: int) -> Signature:
    family = stream.choice(FAMILIES)
    return Signature(
        name=f"Demo.{family}-{number:06d}",
        target=stream.choice(TARGET_TYPES),
        offset=random_offset(stream),
        pattern=random_pattern(stream),
    )


def edit_patterns(records: list[Signature], stream: Stream, count: int) -> None:
    """Give `count` records a new pattern in place, as a vendor does to cut false
    positives: the name and position in the file stay, the line's bytes change."""
    for index in stream.distinct_indices(count, len(records)):
        records[index].pattern = random_pattern(stream)


def render_signatures(records: list[Signature]) -> bytes:
    return "".join(record.line() + "\n" for record in records).encode("ascii")


# --------------------------------------------------------------------------------------
# bytecode.bin
# --------------------------------------------------------------------------------------

BYTECODE_MAGIC = b"FDEMOBC\x00"
# magic, format version, release number, record count, body length, body CRC-32,
# release label without dots: 32 bytes, big-endian.
BYTECODE_HEADER = struct.Struct(">8sHHIII8s")
# record id, payload length, kind, flags; the payload follows.
BYTECODE_RECORD = struct.Struct(">IHBB")
BYTECODE_FORMAT_VERSION = 1


@dataclass
class BytecodeRecord:
    ident: int
    kind: int
    flags: int
    payload: bytearray

    def encode(self) -> bytes:
        head = BYTECODE_RECORD.pack(self.ident, len(self.payload), self.kind, self.flags)
        return head + bytes(self.payload)


def new_bytecode_record(stream: Stream, ident: int) -> BytecodeRecord:
    length = stream.between(96, 480)
    return BytecodeRecord(ident, stream.below(6), stream.below(4), bytearray(stream.bytes(length)))


def initial_bytecode(stream: Stream) -> list[BytecodeRecord]:
    records: list[BytecodeRecord] = []
    size = BYTECODE_HEADER.size
    while size < BYTECODE_TARGET_SIZE:
        record = new_bytecode_record(stream, 1000 + len(records))
        records.append(record)
        size += BYTECODE_RECORD.size + len(record.payload)
    return records


def patch_bytecode(records: list[BytecodeRecord], stream: Stream) -> None:
    """Rewrite short spans inside existing records until about 3% of the payload bytes
    have changed. Lengths stay the same, so most of the file keeps its offsets: the
    case where a block-level delta beats sending the whole file."""
    total = sum(len(record.payload) for record in records)
    budget = total * 3 // 100
    while budget > 0:
        record = stream.choice(records)
        span = min(stream.between(16, 96), len(record.payload), budget)
        start = stream.below(len(record.payload) - span + 1)
        record.payload[start:start + span] = stream.bytes(span)
        budget -= span


def append_bytecode(records: list[BytecodeRecord], stream: Stream) -> None:
    next_ident = max(record.ident for record in records) + 1
    for offset in range(stream.between(3, 6)):
        records.append(new_bytecode_record(stream, next_ident + offset))


def render_bytecode(records: list[BytecodeRecord], sequence: int, label: str) -> bytes:
    body = b"".join(record.encode() for record in records)
    header = BYTECODE_HEADER.pack(
        BYTECODE_MAGIC, BYTECODE_FORMAT_VERSION, sequence, len(records), len(body),
        zlib.crc32(body), label.replace(".", "").encode("ascii"),
    )
    return header + body


# --------------------------------------------------------------------------------------
# rules/*.rules
# --------------------------------------------------------------------------------------

WORDS = [
    "parcel", "invoice", "account", "verify", "update", "secure", "prize", "support",
    "wallet", "delivery", "refund", "payroll", "mailbox", "password", "voucher", "tax",
]
BRANDS = ["DemoBank", "ExampleMail", "SampleShop", "TestPost", "FakeCloud"]
MACRO_TRIGGERS = ["AutoOpen", "Document_Open", "Workbook_Open", "AutoClose"]
MACRO_CALLS = ["Shell", "CreateObject", "URLDownloadToFile", "PowerShell", "WScript.Run"]
RANSOM_NOTES = ["READ_ME_DEMO.txt", "HOW_TO_RESTORE_DEMO.html", "DEMO_DECRYPT.txt"]


def phishing_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Phish.{stream.choice(BRANDS)}-{number:04d}:host:"
            f"{stream.choice(WORDS)}-{stream.hex(2)}.example:score={stream.between(50, 99)}")


def url_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Url.Malspam-{number:04d}:url:https://{stream.choice(WORDS)}-"
            f"{stream.hex(3)}.test/{stream.choice(WORDS)}/{stream.hex(4)}:action=block")


def legacy_url_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Url.Legacy-{number:04d}:url:http://{stream.choice(WORDS)}{number}"
            f".invalid/{stream.hex(4)}:action=warn")


def macro_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Macro.Autorun-{number:04d}:vba:{stream.choice(MACRO_TRIGGERS)}+"
            f"{stream.choice(MACRO_CALLS)}:severity={stream.choice(['low', 'medium', 'high'])}")


def archive_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Archive.Bomb-{number:04d}:{stream.choice(['zip', 'rar', '7z', 'gz'])}:"
            f"ratio>{stream.between(100, 1000)}:depth>{stream.between(5, 20)}:action=block")


def ransomware_rule(stream: Stream, number: int) -> str:
    return (f"Demo.Ransom.Lockbox-{number:04d}:note:{stream.choice(RANSOM_NOTES)}:"
            f"ext=.demo{stream.hex(2)}:score={stream.between(70, 99)}")


# Each rule file kind: its one-line description and how to make one of its lines.
# The header names the kind, never the file name, so a renamed or duplicated file can
# stay byte-identical to its original.
RULE_KINDS = {
    "phishing": ("phishing host names", phishing_rule),
    "urls": ("malicious download URLs", url_rule),
    "legacy-urls": ("URLs kept for old scanner versions", legacy_url_rule),
    "macros": ("office macro heuristics", macro_rule),
    "archives": ("archive bomb limits", archive_rule),
    "ransomware": ("ransom note and extension markers", ransomware_rule),
}


@dataclass
class RuleFile:
    kind: str
    lines: list[str] = field(default_factory=list)

    def render(self) -> bytes:
        description, _ = RULE_KINDS[self.kind]
        header = (f"# ferry demo rules: {description}.\n"
                  "# Fake data for testing ferry; these rules detect nothing.\n")
        return (header + "".join(line + "\n" for line in self.lines)).encode("ascii")


def new_rule_file(kind: str, count: int, stream: Stream) -> RuleFile:
    _, make_line = RULE_KINDS[kind]
    return RuleFile(kind, [make_line(stream, number) for number in range(1, count + 1)])


def edit_rule_file(rules: RuleFile, stream: Stream, edits: int, additions: int) -> None:
    """Rewrite `edits` lines in place (same rule number, new body) and append
    `additions` new ones: the "a few lines changed" case."""
    _, make_line = RULE_KINDS[rules.kind]
    for index in stream.distinct_indices(edits, len(rules.lines)):
        rules.lines[index] = make_line(stream, index + 1)
    first_new = len(rules.lines) + 1
    for number in range(first_new, first_new + additions):
        rules.lines.append(make_line(stream, number))


# --------------------------------------------------------------------------------------
# Fixed files
# --------------------------------------------------------------------------------------

README = """\
ferry demo signature database
=============================

This folder is sample data for ferry, a tool that carries signed, incremental
updates of a database folder across an air gap. It imitates the layout of an
anti-virus signature database that is re-published every week.

Nothing in it is real: every signature name starts with "Demo.", every pattern
and binary blob is pseudo-random output derived from a fixed seed, and every
host name uses a reserved test domain. It detects nothing and must not be
loaded into a real scanner.

It is generated by samples/make-releases.py.
"""


def update_hook(version: int) -> str:
    return f"""\
#!/bin/sh
# Demo post-update hook shipped with the ferry sample database.
# A real vendor might reload its scanner here; this one only reports the update.
set -eu
HOOK_VERSION={version}
echo "ferry demo database updated in ${{1:-.}} (hook version $HOOK_VERSION)"
"""


# --------------------------------------------------------------------------------------
# The database and how it changes from release to release
# --------------------------------------------------------------------------------------


@dataclass
class Database:
    main: list[Signature]
    daily: list[Signature]
    next_daily_number: int
    bytecode: list[BytecodeRecord]
    rules: dict[str, RuleFile]  # keyed by file name inside rules/
    hook_version: int


def first_release() -> Database:
    stream = Stream("release-1", "main")
    main = [new_signature(stream, number) for number in range(1, MAIN_RECORD_COUNT + 1)]

    # Daily numbers start well above main's, as if daily sits on top of a main base.
    stream = Stream("release-1", "daily")
    daily_start = 100_001
    daily = [new_signature(stream, daily_start + index) for index in range(DAILY_INITIAL_COUNT)]

    stream = Stream("release-1", "rules")
    rules = {
        "archives.rules": new_rule_file("archives", 12, stream),
        "macros.rules": new_rule_file("macros", 30, stream),
        "old-urls.rules": new_rule_file("legacy-urls", 25, stream),
        "phishing.rules": new_rule_file("phishing", 40, stream),
        "urls.rules": new_rule_file("urls", 35, stream),
    }
    return Database(
        main=main,
        daily=daily,
        next_daily_number=daily_start + DAILY_INITIAL_COUNT,
        bytecode=initial_bytecode(Stream("release-1", "bytecode")),
        rules=rules,
        hook_version=1,
    )


def routine_churn(db: Database, sequence: int) -> None:
    """What every release after the first does: daily.sigs and bytecode.bin move on."""
    stream = Stream(f"release-{sequence}", "daily")
    for _ in range(stream.between(1, 2)):
        del db.daily[stream.below(len(db.daily))]
    edit_patterns(db.daily, stream, stream.between(3, 6))
    for _ in range(stream.between(20, 40)):
        db.daily.append(new_signature(stream, db.next_daily_number))
        db.next_daily_number += 1

    stream = Stream(f"release-{sequence}", "bytecode")
    patch_bytecode(db.bytecode, stream)
    append_bytecode(db.bytecode, stream)


def release_events(db: Database, sequence: int) -> None:
    """The one-off changes that give each release a distinct shape (see the docstring)."""
    stream = Stream(f"release-{sequence}", "events")
    if sequence == 2:
        # A new file appears; main.sigs is deliberately left alone so that one pair of
        # releases has a large file that does not change at all.
        db.rules["ransomware.rules"] = new_rule_file("ransomware", 18, stream)
        edit_rule_file(db.rules["phishing.rules"], stream, edits=3, additions=2)
    elif sequence == 3:
        # A pure rename: same bytes, new name.
        db.rules["urls-legacy.rules"] = db.rules.pop("old-urls.rules")
        edit_patterns(db.main, stream, 4)
        edit_rule_file(db.rules["urls.rules"], stream, edits=2, additions=3)
        edit_rule_file(db.rules["ransomware.rules"], stream, edits=2, additions=1)
    elif sequence == 4:
        # A file is withdrawn, and the executable hook changes (its mode must survive).
        del db.rules["archives.rules"]
        db.hook_version += 1
        edit_patterns(db.main, stream, 5)
        edit_rule_file(db.rules["phishing.rules"], stream, edits=2, additions=0)
    elif sequence == 5:
        # A duplicate: a second name for the unchanged macros file, for older scanners
        # that look for it under that name. Its bytes already exist on the receiving side.
        db.rules["office-macros.rules"] = copy.deepcopy(db.rules["macros.rules"])
        edit_patterns(db.main, stream, 3)
        edit_rule_file(db.rules["urls.rules"], stream, edits=3, additions=2)


def releases() -> list[tuple[int, date, Database]]:
    """Every release in order, as (sequence number, date, database state)."""
    db = first_release()
    result = [(1, FIRST_RELEASE, copy.deepcopy(db))]
    for sequence in range(2, RELEASE_COUNT + 1):
        routine_churn(db, sequence)
        release_events(db, sequence)
        result.append((sequence, FIRST_RELEASE + (sequence - 1) * RELEASE_INTERVAL,
                       copy.deepcopy(db)))
    return result


# --------------------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------------------


def release_label(day: date) -> str:
    # Zero-padded year.month.day sorts as a plain string in release order.
    return day.strftime("%Y.%m.%d")


def version_text(db: Database, sequence: int, day: date) -> str:
    return (
        f"release: {release_label(day)}\n"
        f"date: {day.isoformat()}\n"
        f"sequence: {sequence}\n"
        f"main.sigs records: {len(db.main)}\n"
        f"daily.sigs records: {len(db.daily)}\n"
        f"bytecode.bin records: {len(db.bytecode)}\n"
        f"rules files: {len(db.rules)}\n"
        "note: demo database for ferry; not real signatures\n"
    )


def release_files(db: Database, sequence: int, day: date) -> dict[str, tuple[bytes, int]]:
    """Every file of one release: relative path -> (content, permission bits)."""
    files = {
        "README.txt": (README.encode("ascii"), 0o644),
        "version.txt": (version_text(db, sequence, day).encode("ascii"), 0o644),
        "main.sigs": (render_signatures(db.main), 0o644),
        "daily.sigs": (render_signatures(db.daily), 0o644),
        "bytecode.bin": (render_bytecode(db.bytecode, sequence, release_label(day)), 0o644),
        "tools/update-hook.sh": (update_hook(db.hook_version).encode("ascii"), 0o755),
    }
    for name, rules in db.rules.items():
        files[f"rules/{name}"] = (rules.render(), 0o644)
    return files


def write_release(folder: Path, files: dict[str, tuple[bytes, int]], day: date) -> None:
    # Modes are set explicitly so the result does not depend on the caller's umask, and
    # times are pinned to the release date so archives of the folder are reproducible too.
    timestamp = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc).timestamp()
    for relative in sorted(files):
        content, mode = files[relative]
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        os.chmod(path, mode)
        os.utime(path, (timestamp, timestamp))
    for directory in sorted({p for p in folder.rglob("*") if p.is_dir()} | {folder},
                            reverse=True):
        os.chmod(directory, 0o755)
        os.utime(directory, (timestamp, timestamp))


def clear_output(out: Path) -> None:
    """Delete the output folder, but only if it holds nothing except release folders."""
    if not out.exists():
        return
    strangers = [p.name for p in out.iterdir() if not (p.is_dir() and LABEL_PATTERN.match(p.name))]
    if strangers:
        sys.exit(f"refusing to delete {out}: it holds {', '.join(sorted(strangers))}, "
                 "which is not a release folder")
    shutil.rmtree(out)


def main() -> None:
    default_out = Path(__file__).resolve().parent / "releases"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_out,
                        help=f"folder to (re)create (default: {default_out})")
    out = parser.parse_args().out

    clear_output(out)
    out.mkdir(parents=True)
    os.chmod(out, 0o755)  # independent of the caller's umask, like everything inside
    for sequence, day, db in releases():
        files = release_files(db, sequence, day)
        write_release(out / release_label(day), files, day)
        total = sum(len(content) for content, _ in files.values())
        print(f"{release_label(day)}: {len(files)} files, {total:,} bytes")


if __name__ == "__main__":
    main()
