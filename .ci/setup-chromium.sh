#!/usr/bin/env bash
# Installs the Debian packages needed to run code-server + Chromium in CI:
#   chromium (browser driven by playwright-core), ripgrep (VS Code search; its
#   npm postinstall would download rg and fails offline), and the headers that
#   code-server's native modules (kerberos, keytar, native-keymap, ...) build against.
# Idempotent: does nothing when all packages are installed; runs
# `apt-get update` only when a package is missing and apt cannot find it.
set -euo pipefail

PKGS=(chromium ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev)
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

missing=()
for p in "${PKGS[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-chromium: all packages present (${PKGS[*]})"
  exit 0
fi
echo "setup-chromium: missing: ${missing[*]}"

APT_OPTS=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)

need_update=0
for p in "${missing[@]}"; do
  cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; break; fi
done

if [ "$need_update" -eq 1 ]; then
  echo "setup-chromium: apt-get update"
  $SUDO apt-get update -q </dev/null
fi

if ! $SUDO apt-get install "${APT_OPTS[@]}" "${missing[@]}" </dev/null; then
  # stale package lists (404 on a superseded .deb): refresh once and retry
  echo "setup-chromium: install failed, retrying after apt-get update"
  $SUDO apt-get update -q </dev/null
  $SUDO apt-get install "${APT_OPTS[@]}" "${missing[@]}" </dev/null
fi

for p in "${PKGS[@]}"; do
  is_installed "$p" || { echo "setup-chromium: $p still missing" >&2; exit 1; }
done
echo "setup-chromium: ok ($(command -v chromium), $(command -v rg))"
