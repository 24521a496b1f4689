#!/usr/bin/env bash
# Installs the Debian packages ferry needs to build and test, skipping those already there.
# Safe to run again; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    pkg-config libarchive-dev libsodium-dev zlib1g-dev libzstd-dev  # the C libraries
    minisign zstd tar coreutils jq                                  # interoperability tests
    strace util-linux mount gzip diffutils findutils                # fault and crash tests
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ferry: installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
