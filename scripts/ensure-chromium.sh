#!/usr/bin/env bash
# Playwright cannot download its own browser here: the e2e tests drive Debian's Chromium. Install it
# when it is missing (root, or sudo without a password), so `npm test` works on a fresh machine.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
echo "ensure-chromium: no browser at $browser; installing Debian's chromium" >&2
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "ensure-chromium: not root and no sudo: install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
[ -x "$browser" ] || { echo "ensure-chromium: chromium installed but $browser is missing" >&2; exit 1; }
