#!/usr/bin/env bash
# Runs ferry's whole test suite: installs the Debian packages it needs, checks formatting,
# builds with warnings treated as errors, and runs every unit and end-to-end test.
set -euo pipefail
cd "$(dirname "$0")"

./install-deps.sh

echo "ferry: checking formatting (swift format lint)" >&2
swift format lint --strict --recursive --configuration .swift-format Sources Tests

echo "ferry: building" >&2
swift build -Xswiftc -warnings-as-errors

echo "ferry: running the tests" >&2
swift test
