#!/usr/bin/env bash
# Proves ferry apply's memory bound on big bundles.
#
#   benchmarks/big-apply.sh
#
# 1. Full bundle: a release of incompressible files (one of 1 GiB, four of 320 MiB and one
#    of 256 MiB: 2.5 GiB), published and packed with `ferry pack --full`, so the bundle is
#    over 2 GiB; `ferry apply` into an empty folder runs under `/usr/bin/time -v`.
#    Bound: 64 MiB + the old content the largest patch refers to, here 0 (no patches).
# 2. Delta bundle: the 256 MiB file changes a little (some 4 KiB blocks rewritten, 1 MiB
#    appended); `ferry pack --since 1` makes it a zstd patch against the old file, and
#    `ferry apply` installs it onto the folder from step 1. Bound: 64 MiB + 256 MiB.
# Both installed trees are compared with the sources. Exit status: 0 when every bound
# holds, 1 when one is exceeded or a step fails.
#
# Settings (environment):
#   FERRY_BIG_DIR     where to work (default /tmp); needs 10 GiB free there
#   FERRY_BIG_LEVEL   zstd level for pack (default 3: the data are random, so the level
#                     changes nothing but pack time; 19 takes about 10 minutes longer)
#   FERRY_BENCH_BUILD swift build scratch path (default /tmp/bench-build)
#   FERRY_BENCH_NO_BUILD=1  use the ferry already built there
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${FERRY_BENCH_BUILD:-/tmp/bench-build}
base=${FERRY_BIG_DIR:-/tmp}
level=${FERRY_BIG_LEVEL:-3}
need_kib=$((10 * 1024 * 1024))
export SOURCE_DATE_EPOCH=1767225600
export LC_ALL=C

case "${1:-}" in -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

log() { echo "big-apply.sh: $*" >&2; }
die() {
    echo "big-apply.sh: error: $*" >&2
    exit 1
}

renice -n "${FERRY_BENCH_NICE:-10}" -p $$ >/dev/null 2>&1 || true

free_kib=$(df -Pk "$base" | awk 'NR == 2 {print $4}')
if [ "$free_kib" -lt "$need_kib" ]; then
    die "$base has $((free_kib / 1024 / 1024)) GiB free; this needs 10 GiB (set FERRY_BIG_DIR to a roomier place)"
fi
if [ ! -x /usr/bin/time ]; then
    log "installing Debian package: time"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >/dev/null
fi

# Sets $ferry and $ferry_version.
. "$root/benchmarks/build-ferry.sh"

work=$(mktemp -d "$base/ferry-big-apply.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cd "$work"

MiB=$((1024 * 1024))
"$ferry" keygen --no-passphrase --secret-key key.sec --public-key key.pub -q

log "writing 2.5 GiB of incompressible files"
mkdir -p src/db src/extra
head -c $((1024 * MiB)) /dev/urandom >src/db/main.bin
for i in 1 2 3 4; do
    head -c $((320 * MiB)) /dev/urandom >"src/extra/part$i.bin"
done
head -c $((256 * MiB)) /dev/urandom >src/db/daily.bin

# run_timed LABEL CMD...: run CMD under /usr/bin/time -v; sets rss_kib and secs
run_timed() {
    local label=$1
    shift
    /usr/bin/time -v -o time.txt "$@" || die "$label failed"
    rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' time.txt)
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' time.txt)
    log "$label: $secs wall, peak RSS $((rss_kib / 1024)) MiB"
}

status=0
rows=()
check() { # LABEL RSS_KIB BOUND_KIB SECS
    local ok=yes
    if [ "$2" -gt "$3" ]; then
        ok="**no**"
        status=1
    fi
    rows+=("| $1 | $4 | $(awk -v k="$2" 'BEGIN{printf "%.1f", k/1024}') | $(awk -v k="$3" 'BEGIN{printf "%.1f", k/1024}') | $ok |")
}

log "publish version 1"
run_timed "publish 1" "$ferry" publish --store store --channel big --label 1 -q src
pub_secs=$secs pub_rss=$rss_kib
log "pack --full (level $level)"
run_timed "pack --full" "$ferry" pack --store store --full --level "$level" --secret-key key.sec --output full.ferry -q
full_size=$(stat -c %s full.ferry)
[ "$full_size" -ge $((2048 * MiB)) ] || die "the full bundle is $full_size bytes, under 2 GiB"
rows+=("| publish version 1 (2.5 GiB) | $pub_secs | $((pub_rss / 1024)) | – | – |")
rows+=("| pack --full (level $level; bundle $((full_size / MiB)) MiB) | $secs | $((rss_kib / 1024)) | – | – |")

mkdir target
run_timed "apply full" "$ferry" apply full.ferry --target target --trust key.pub -q
check "apply full bundle ($((full_size / MiB)) MiB) into an empty folder" "$rss_kib" $((64 * 1024)) "$secs"
cmp src/db/main.bin target/db/main.bin && cmp src/db/daily.bin target/db/daily.bin &&
    cmp src/extra/part4.bin target/extra/part4.bin || die "the installed files differ from the sources"
rm -f full.ferry

log "change the 256 MiB file a little, publish version 2"
old_size=$(stat -c %s src/db/daily.bin)
python3 - src/db/daily.bin <<'EOF'
import random, sys
rng = random.Random(1)
with open(sys.argv[1], "r+b") as f:
    size = f.seek(0, 2)
    for _ in range(64):  # rewrite 64 blocks of 4 KiB
        f.seek(rng.randrange(0, size // 4096) * 4096)
        f.write(rng.randbytes(4096))
    f.seek(0, 2)
    f.write(rng.randbytes(1 << 20))  # and append 1 MiB
EOF
run_timed "publish 2" "$ferry" publish --store store --label 2 -q src
run_timed "pack --since 1" "$ferry" pack --store store --since 1 --level "$level" --secret-key key.sec --output delta.ferry -q
delta_size=$(stat -c %s delta.ferry)
ops=$(tar -xOf delta.ferry manifest.json | grep -o '"op":"[a-z]*"' | cut -d'"' -f4 | sort | uniq -c |
    awk '{printf "%s%s %s", sep, $1, $2; sep = ", "}')
tar -xOf delta.ferry manifest.json | grep -q '"codec":"zstd-patch"' || die "the delta bundle holds no zstd patch ($ops)"
rows+=("| pack --since 1 (level $level; bundle $((delta_size / 1024)) KiB: $ops) | $secs | $((rss_kib / 1024)) | – | – |")
run_timed "apply delta" "$ferry" apply delta.ferry --target target --trust key.pub -q
check "apply delta (zstd patch of the $((old_size / MiB)) MiB file)" "$rss_kib" $((64 * 1024 + old_size / 1024)) "$secs"
cmp src/db/daily.bin target/db/daily.bin || die "the patched file differs from the source"

echo "## ferry apply memory bound, $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, Linux $(uname -r);" \
    "ferry built from $ferry_version. Peak RSS from /usr/bin/time -v."
echo
echo "| step | wall | peak RSS MiB | bound MiB | within |"
echo "|---|---:|---:|---:|:--:|"
printf '%s\n' "${rows[@]}"
echo
if [ "$status" -eq 0 ]; then echo "Every apply stayed within its bound."; else echo "An apply exceeded its bound."; fi
exit "$status"
