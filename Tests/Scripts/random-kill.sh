#!/usr/bin/env bash
# Kills real `ferry apply` and `ferry rollback` runs with SIGKILL at random instants and
# checks after each kill that the next ferry command recovers the target to the whole old
# or the whole new release, byte for byte, with `status --check` passing.
#
# Usage: Tests/Scripts/random-kill.sh [--runs N] [--seed S] [--ferry PATH]
# Defaults: 500 runs, seed 1, the debug build. Prints one line per run and a summary
# "random-kill: N runs, M broken"; exits non-zero if any target was left broken.
set -euo pipefail

runs=500
seed=1
ferry=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --ferry) ferry=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--seed S] [--ferry PATH]" >&2; exit 2 ;;
    esac
done
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "$ferry" ]; then
    (cd "$repo" && swift build -q)
    ferry="$(cd "$repo" && swift build --show-bin-path)/ferry"
fi
releases="$repo/samples/releases"
old="$releases/$(ls "$releases" | head -1)"
new="$releases/$(ls "$releases" | tail -1)"

# mktemp fills in the six-character template.
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-kill.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
"$ferry" keygen -q --secret-key k.sec --public-key k.pub --no-passphrase
for release in "$releases"/*/; do
    "$ferry" publish -q --store store --channel kill-test "$release"
done
latest=$("$ferry" log --store store --json | grep -c '"version"')
"$ferry" pack -q --store store --full --to 1 --secret-key k.sec --output full.ferry
"$ferry" pack -q --store store --since 1 --to "$latest" --secret-key k.sec --output delta.ferry

# Which release the target holds: old, new, or broken.
holds() {
    if diff -rq -x .ferry target "$old" >/dev/null; then echo old
    elif diff -rq -x .ferry target "$new" >/dev/null; then echo new
    else echo broken; fi
}

# Deterministic pseudo-random delays in microseconds, from the seed.
RANDOM=$seed
broken=0
for run in $(seq 1 "$runs"); do
    rm -rf target && mkdir target
    "$ferry" apply -q full.ferry --target target --trust k.pub
    operation=apply
    if [ $((run % 3)) -eq 0 ]; then
        "$ferry" apply -q delta.ferry --target target --trust k.pub
        operation=rollback
    fi
    delay=$(( (RANDOM * 32768 + RANDOM) % 60000 ))
    if [ $operation = apply ]; then
        "$ferry" apply -q delta.ferry --target target --trust k.pub & pid=$!
    else
        "$ferry" rollback -q --target target & pid=$!
    fi
    sleep "$(printf '0.%06d' "$delay")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true

    check=ok
    "$ferry" status -q --target target --check || check=failed
    state=$(holds)
    leftover=$(find target/.ferry/staging -mindepth 1 | wc -l)
    if [ "$check" != ok ] || [ "$state" = broken ] || [ "$leftover" -ne 0 ]; then
        broken=$((broken + 1))
        echo "run $run: $operation killed after ${delay}us: BROKEN (check $check, holds $state, $leftover staging files)"
    else
        echo "run $run: $operation killed after ${delay}us: holds $state, check ok"
    fi
done
echo "random-kill: $runs runs, $broken broken"
[ "$broken" -eq 0 ]
