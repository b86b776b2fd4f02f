#!/usr/bin/env bash
# Installs the Debian packages needed to run code-server + Chromium in CI:
#   chromium (browser driven by playwright-core), ripgrep (VS Code search; its
#   npm postinstall would download rg and fails offline), and the headers that
#   code-server's native modules (kerberos, keytar, native-keymap, ...) build against.
# Idempotent: does nothing when all packages are installed; runs
# `apt-get update` only when a package is missing and apt cannot find it.
# Without root and without a password-less sudo it cannot install anything: it then names the
# exact command to run and exits 1. To try that path on a complete machine:
#   QBO_SETUP_SIMULATE_NO_ROOT=1 QBO_SETUP_SIMULATE_MISSING="chromium ripgrep" bash .ci/setup-chromium.sh
set -euo pipefail

PKGS=(chromium ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev)
export DEBIAN_FRONTEND=noninteractive

uid="$(id -u)"
if [ "${QBO_SETUP_SIMULATE_NO_ROOT:-}" = "1" ]; then uid=65534; fi
SUDO=""
if [ "$uid" -ne 0 ]; then SUDO="sudo -n"; fi

is_installed() {
  case " ${QBO_SETUP_SIMULATE_MISSING:-} " in *" $1 "*) return 1 ;; esac
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

can_sudo() { [ "${QBO_SETUP_SIMULATE_NO_ROOT:-}" != "1" ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
if [ "$uid" -ne 0 ] && ! can_sudo; then
  {
    echo "setup-chromium: cannot install Debian packages: not root and no password-less sudo."
    echo "setup-chromium: run this once as root, then run the tests again:"
    echo "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  } >&2
  exit 1
fi

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
