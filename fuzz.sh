#!/usr/bin/env bash
# Fuzzes ferry's parsers of untrusted bytes with libFuzzer: the manifest decoder, the minisign
# signature and public key parsers, and the bundle reader (tar, manifest rules, payload
# decoders), because an offline machine parses whatever arrives on a USB stick and must
# refuse it, never crash, hang or run out of memory.
#
# Usage: ./fuzz.sh [manifest|signature|reader|all] [--runs N] [--seconds S] [--jobs 1|2]
#   --runs N     stop each target after N inputs
#   --seconds S  stop each target after S seconds (the default is 60 when neither is given)
#   --jobs J     fuzz J targets at once (default 1; at most 2, to keep the machine usable)
#
# How long: building the three fuzz binaries takes about 2 minutes the first time (they are
# rebuilt only when a source changes), building ferry for the seeds as long as `swift build`,
# then each target runs for S seconds. `./fuzz.sh all --seconds 60` takes about 5 minutes.
#
# The fuzz binaries are compiled with swiftc straight from a snapshot of Sources/FerryCore plus
# one file of Tests/Fuzz, outside SwiftPM, so `swift build` and `swift test` never see them.
# The corpus lives in .build/fuzz/corpus/TARGET and grows from run to run; it is seeded with
# bundles that the real ferry packs from samples/. A crash, timeout or out-of-memory input is
# copied to Tests/Fuzz/crashes/TARGET-KIND-HASH, and the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")"

all_targets=(manifest signature reader)
declare -A source_file=(
    [manifest]=ManifestFuzzer.swift [signature]=SignatureFuzzer.swift
    [reader]=BundleReaderFuzzer.swift)
# The largest input: a bit above the biggest seed, so mutations can grow it but not endlessly.
declare -A max_len=([manifest]=16384 [signature]=10240 [reader]=131072)

fuzz=.build/fuzz
# libFuzzer reports crashes itself; the Swift runtime's backtracer would take the signal first
# and, under AddressSanitizer, hang instead of exiting.
export SWIFT_BACKTRACE=enable=no
epoch=1764806400 # fixed created time, so seeds are the same from run to run

usage() {
    sed -n '7,10p' "$0" | sed 's/^# //' >&2
    exit 2
}

fail() {
    echo "fuzz: $*" >&2
    exit 1
}

parse_arguments() {
    targets=() runs="" seconds="" jobs=1
    while [ $# -gt 0 ]; do
        case "$1" in
            manifest | signature | reader) targets+=("$1") ;;
            all) targets+=("${all_targets[@]}") ;;
            --runs) runs=${2:-}; shift ;;
            --seconds) seconds=${2:-}; shift ;;
            --jobs) jobs=${2:-}; shift ;;
            -h | --help) usage ;;
            *) echo "fuzz: unknown argument '$1'" >&2; usage ;;
        esac
        shift
    done
    [ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
    [[ -z $runs || $runs =~ ^[0-9]+$ ]] || fail "--runs needs a whole number, not '$runs'"
    [[ -z $seconds || $seconds =~ ^[0-9]+$ ]] || fail "--seconds needs a whole number of seconds"
    [[ $jobs == 1 || $jobs == 2 ]] || fail "--jobs must be 1 or 2, not '$jobs'"
    [ -n "$runs$seconds" ] || seconds=60
}

# Copies the sources into one folder first, so that edits made while swiftc runs cannot mix
# two versions of the code in one binary.
snapshot_sources() {
    rm -rf "$fuzz/src"
    mkdir -p "$fuzz/src"
    cp -R Sources/FerryCore Sources/CArchive Sources/CSodium Sources/CZlib Sources/CZstd \
        Tests/Fuzz/CFuzzer "$fuzz/src/"
    for target in "${all_targets[@]}"; do
        cp "Tests/Fuzz/${source_file[$target]}" "$fuzz/src/"
    done
}

swiftc_flags() {
    echo -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -use-ld=lld \
        -module-name FerryFuzz -I "$fuzz/src/CArchive" -I "$fuzz/src/CSodium" \
        -I "$fuzz/src/CZlib" -I "$fuzz/src/CZstd" -I "$fuzz/src/CFuzzer"
}

# Builds one target unless its binary was built from exactly these sources and flags.
build_target() {
    local target=$1 key
    local files=("$fuzz/src/${source_file[$target]}")
    mapfile -t -O 1 files < <(find "$fuzz/src/FerryCore" -name '*.swift' | LC_ALL=C sort)
    key=$( (swiftc --version 2>&1; swiftc_flags; cat "${files[@]}" "$fuzz"/src/C*/*) | sha256sum)
    if [ -x "$fuzz/$target" ] && [ "$(cat "$fuzz/$target.key" 2>/dev/null)" = "$key" ]; then
        return 0
    fi
    echo "fuzz: building $target" >&2
    local log=$fuzz/logs/build-$target.log
    # shellcheck disable=SC2046 # the flags are words
    if ! swiftc $(swiftc_flags) "${files[@]}" -o "$fuzz/$target" >"$log" 2>&1; then
        cat "$log" >&2
        fail "building the $target fuzzer failed"
    fi
    echo "$key" >"$fuzz/$target.key"
}

build_targets() {
    mkdir -p "$fuzz/logs"
    snapshot_sources
    local pids=() target
    for target in "${targets[@]}"; do
        build_target "$target" &
        pids+=($!)
        if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || exit 1; pids=("${pids[@]:1}"); fi
    done
    for pid in "${pids[@]}"; do wait "$pid" || exit 1; done
}

# A store with a few one-line files, for bundles small enough that mutations reach every
# member quickly.
make_tiny_releases() {
    local releases=$1
    mkdir -p "$releases/1/sub" "$releases/2" "$releases/3/sub"
    printf 'alpha\n' >"$releases/1/a.txt"
    printf 'bravo\n' >"$releases/1/sub/b.txt"
    printf 'alpha, changed\n' >"$releases/2/a.txt"
    printf 'bravo\n' >"$releases/2/b-moved.txt"
    head -c 3000 /dev/zero | tr '\0' 'x' >"$releases/2/c.txt"
    printf 'alpha\n' >"$releases/3/a.txt"
    printf 'charlie\n' >"$releases/3/sub/c.txt"
    chmod 755 "$releases/3/a.txt"
}

publish_all() {
    local ferry=$1 store=$2 channel=$3 release
    shift 3
    for release in "$@"; do
        "$ferry" publish -q --store "$store" --channel "$channel" --label "$(basename "$release")" \
            "$release"
    done
}

# pack NAME STORE ARGS...: one bundle into the reader seeds, its manifest and signature into
# the other two targets' seeds.
pack() {
    local name=$1 store=$2 seeds=$fuzz/seeds
    shift 2
    SOURCE_DATE_EPOCH=$epoch "$ferry" pack -q --store "$store" --secret-key samples/keys/demo.sec \
        --output "$seeds/reader/$name.ferry" "$@"
    tar -xOf "$seeds/reader/$name.ferry" manifest.json >"$seeds/manifest/$name.json"
    tar -xOf "$seeds/reader/$name.ferry" manifest.json.minisig >"$seeds/signature/$name.minisig"
}

# Seeds made by the real product: bundles packed from samples/releases with the demo key,
# and from a tiny store; manifests and signatures extracted from them with tar.
make_seeds() {
    echo "fuzz: building ferry and packing seed bundles" >&2
    swift build --product ferry -q >&2 || fail "swift build failed; the seeds need ferry"
    ferry="$(swift build --show-bin-path)/ferry"
    rm -rf "$fuzz/seeds" && mkdir -p "$fuzz"/seeds/{manifest,signature,reader}
    work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-fuzz-seeds.XXXXXX")
    trap 'rm -rf "$work"' EXIT

    publish_all "$ferry" "$work/store" av-bases samples/releases/*/
    pack samples-full-1 "$work/store" --full --to 1
    pack samples-delta-1-5 "$work/store" --since 1 --expires 30d
    pack samples-delta-3-4-gzip "$work/store" --since 3 --to 4 --gzip

    make_tiny_releases "$work/tiny"
    publish_all "$ferry" "$work/tiny-store" tiny "$work"/tiny/{1,2,3}
    pack tiny-full-3 "$work/tiny-store" --full
    pack tiny-delta-1-2 "$work/tiny-store" --since 1 --to 2
    pack tiny-delta-2-3-gzip "$work/tiny-store" --since 2 --gzip
    cp samples/keys/demo.pub "$fuzz/seeds/signature/demo.pub"
}

# run_target TARGET: fuzzes one target and writes its numbers to $fuzz/logs/TARGET.result.
run_target() {
    local target=$1 corpus=$fuzz/corpus/$1 artifacts
    artifacts="$fuzz/artifacts/$target/$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$corpus" "$artifacts" "$fuzz/logs"
    cp -n "$fuzz/seeds/$target"/* "$corpus/"
    local limits=()
    [ -n "$runs" ] && limits+=("-runs=$runs")
    [ -n "$seconds" ] && limits+=("-max_total_time=$seconds")

    # The reader rewrites a scratch bundle for every input; on a disk mounted with discard
    # each truncation waits for the device, so a RAM file system is 15 times faster.
    local log=$fuzz/logs/$target.log status=0 scratch=${TMPDIR:-/tmp}
    [ -d /dev/shm ] && [ -w /dev/shm ] && scratch=/dev/shm
    scratch=$(mktemp -d "$scratch/ferry-fuzz-$target.XXXXXX")
    TMPDIR=$scratch "$fuzz/$target" -rss_limit_mb=2048 -timeout=10 \
        -max_len="${max_len[$target]}" -dict="Tests/Fuzz/$target.dict" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${limits[@]}" "$corpus" >"$log" 2>&1 || status=$?
    rm -rf "$scratch"

    local found=0 artifact kind name
    for artifact in "$artifacts"/*; do
        [ -f "$artifact" ] || continue
        kind=${artifact##*/} && kind=${kind%%-*}
        case "$kind" in crash | timeout | oom | leak) ;; *) continue ;; esac
        name="$target-$kind-$(sha1sum "$artifact" | cut -c1-12)"
        mkdir -p Tests/Fuzz/crashes && cp "$artifact" "Tests/Fuzz/crashes/$name"
        echo "fuzz: $target: $kind, input saved as Tests/Fuzz/crashes/$name (log: $log)" >&2
        found=$((found + 1))
    done
    rmdir "$artifacts" 2>/dev/null || true
    if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then
        echo "fuzz: $target: libFuzzer failed with status $status and no artifact; see $log" >&2
        found=1
    fi
    summarise "$target" "$log" "$found" >"$fuzz/logs/$target.result"
    cat "$fuzz/logs/$target.result"
}

# One line: executions, speed, coverage and crashes, from libFuzzer's log.
summarise() {
    local target=$1 log=$2 found=$3 executions speed last
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    # A crash stops libFuzzer before its final stats; its last status line has the count.
    [ -n "$executions" ] || executions=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)
    printf '%s\t%s\t%s\t%s\t%s\n' "$target" "${executions:-0}" "${speed:-0}" "$found" \
        "${last:-cov: ? ft: ? corp: ?}"
}

run_targets() {
    local pids=() target
    for target in "${targets[@]}"; do
        echo "fuzz: fuzzing $target" >&2
        run_target "$target" >/dev/null &
        pids+=($!)
        if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
}

report() {
    local total=0 crashes=0 target name executions speed found coverage
    for target in "${targets[@]}"; do
        IFS=$'\t' read -r name executions speed found coverage <"$fuzz/logs/$target.result"
        printf 'fuzz: %-9s %12s executions, %7s exec/s, %s, %s crashes\n' \
            "$name" "$executions" "$speed" "$coverage" "$found"
        total=$((total + executions))
        crashes=$((crashes + found))
    done
    echo "fuzz: $total executions, $crashes crashes"
    [ "$crashes" -eq 0 ]
}

main() {
    parse_arguments "$@"
    mapfile -t targets < <(printf '%s\n' "${targets[@]}" | awk '!seen[$0]++')
    ./install-deps.sh
    command -v swiftc >/dev/null || fail "swiftc is not on the PATH"
    build_targets
    make_seeds
    run_targets
    report
}

main "$@"
