#!/usr/bin/env bash
# Builds ferry and runs the walkthrough in samples/demo.sh on the sample database.
set -euo pipefail
cd "$(dirname "$0")"

./install-deps.sh
echo "ferry: building" >&2
swift build -q
exec samples/demo.sh "$(swift build --show-bin-path)/ferry"
