#!/usr/bin/env bash
# The job-queue tests start a real Redis (Debian's redis-server) on a free loopback port: BullMQ's
# in-memory mocks are known not to work. Install it when it is missing (root, or sudo without a
# password), so `npm test` works on a fresh machine.
set -euo pipefail
server="${REDIS_SERVER:-redis-server}"
if command -v "$server" >/dev/null 2>&1; then exit 0; fi
echo "ensure-redis: no $server on PATH; installing Debian's redis-server" >&2
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "ensure-redis: not root and no sudo: install it yourself (apt-get install -y redis-server) or set REDIS_SERVER" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq redis-server >/dev/null
# Debian's package starts a system service on 6379; the tests use their own servers.
command -v "$server" >/dev/null 2>&1 || { echo "ensure-redis: installed, but $server is still not on PATH" >&2; exit 1; }
