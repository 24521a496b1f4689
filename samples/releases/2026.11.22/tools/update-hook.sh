#!/bin/sh
# Demo post-update hook shipped with the ferry sample database.
# A real vendor might reload its scanner here; this one only reports the update.
set -eu
HOOK_VERSION=2
echo "ferry demo database updated in ${1:-.} (hook version $HOOK_VERSION)"
