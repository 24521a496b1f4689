# Sourced by the benchmark scripts: builds ferry in release mode into $build (unless
# FERRY_BENCH_NO_BUILD=1) and sets $ferry to the binary and $ferry_version to what it was
# built from. Needs $root, $build and the scripts' log and die functions.

if [ "${FERRY_BENCH_NO_BUILD:-0}" != 1 ]; then
    log "building ferry (release) in $build"
    # retried: a build fails when someone edits a source file while it runs
    for attempt in 1 2 3 4; do
        (cd "$root" && swift build -c release --scratch-path "$build" >&2) && break
        [ "$attempt" -lt 4 ] || die "swift build failed"
        log "build failed, retrying in 30 s"
        sleep 30
    done
fi
ferry="$build/release/ferry"
[ -x "$ferry" ] || die "no ferry binary at $ferry"
# what is measured: the commit built (read now: the work tree may move on during the run)
ferry_version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')
if git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null | grep -q .; then
    ferry_version="$ferry_version + uncommitted changes"
fi
# An if, not `[ ] &&`: as the last command of a sourced file, a false test would be the
# file's status and stop the calling script under set -e.
if [ "${FERRY_BENCH_NO_BUILD:-0}" = 1 ]; then
    ferry_version="a prebuilt binary (work tree at $ferry_version)"
fi
