#!/usr/bin/env bash
# A walkthrough of ferry on the sample signature database in samples/releases: an online
# machine records five releases and packs one signed update; an offline machine that holds
# release 1 applies it, checks itself, rolls back and applies it again.
# Usage: samples/demo.sh [PATH-TO-FERRY]   (default: ferry on the PATH)
set -euo pipefail

ferry=${1:-ferry}
samples=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() {
    local shown=("$@")
    [ "$1" = "$ferry" ] && shown[0]=ferry
    printf '$ %s\n' "${shown[*]}"
    "$@"
}
cd "$work"
cp "$samples/keys/demo.sec" "$samples/keys/demo.pub" .

step "Online machine: record each release of the database as a version in a store"
echo "(The demo key in samples/keys is for this demo only; make your own with 'ferry keygen'.)"
for release in "$samples"/releases/*/; do
    run "$ferry" publish --store store --channel av-bases --label "$(basename "$release")" "$release"
done
run "$ferry" log --store store

step "Online machine: pack everything that changed since release 1 into one signed bundle"
run "$ferry" pack --store store --full --to 1 --secret-key demo.sec --output av-bases-1-full.ferry
run "$ferry" pack --store store --since 1 --secret-key demo.sec --output av-bases-1-to-5.ferry --expires 30d

step "Anyone: see exactly what the bundle holds and who signed it"
run "$ferry" inspect av-bases-1-to-5.ferry --trust demo.pub
echo "Standard tools can audit it too:"
run tar -tvf av-bases-1-to-5.ferry

step "Offline machine: it has release 1, installed from a full bundle"
mkdir offline
run "$ferry" apply av-bases-1-full.ferry --target offline --trust demo.pub
run "$ferry" status --target offline

step "Offline machine: check the update, then apply it"
run "$ferry" verify av-bases-1-to-5.ferry --trust demo.pub
run "$ferry" apply av-bases-1-to-5.ferry --target offline --trust demo.pub --dry-run
run "$ferry" apply av-bases-1-to-5.ferry --target offline --trust demo.pub
run "$ferry" status --target offline --check
run diff -r -x .ferry offline "$samples/releases/2026.11.29" && echo "offline now holds release 2026.11.29 exactly"

step "Offline machine: roll back to the backed-up release 1, then apply the update again"
run "$ferry" rollback --target offline
run diff -r -x .ferry offline "$samples/releases/2026.11.01" && echo "offline holds release 2026.11.01 again"
run "$ferry" apply av-bases-1-to-5.ferry --target offline --trust demo.pub
run "$ferry" apply av-bases-1-to-5.ferry --target offline --trust demo.pub
run "$ferry" status --target offline --check

step "Done: the same bundle, a changed byte, and ferry refuses it"
cp av-bases-1-to-5.ferry tampered.ferry
printf 'X' | dd of=tampered.ferry bs=1 seek=700 conv=notrunc status=none
echo "(byte 700 of a copy changed; the error below is the expected outcome)"
echo "\$ ferry verify tampered.ferry --trust demo.pub"
if "$ferry" verify tampered.ferry --trust demo.pub; then
    echo "unexpected: a tampered bundle verified" >&2
    exit 1
else
    echo "(exit status $?: verification failure, nothing installed)"
fi
