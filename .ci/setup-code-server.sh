#!/usr/bin/env bash
# Installs a runnable code-server (VS Code server + web workbench) from the npm
# registry into <repo>/.cache/code-server/package, without any download other
# than the npm registry and Debian apt (code-server's own postinstall fetches
# ripgrep from GitHub and fails offline, so its steps are replayed here).
#
# Idempotent: exits at once when .cache/code-server/.installed-<version> exists.
# Prints the absolute path of out/node/entry.js as its last line of stdout.
# Start it with:
#   node <entry.js> --auth none --bind-addr 127.0.0.1:PORT --extensions-dir DIR \
#     --user-data-dir DIR --disable-telemetry --disable-update-check \
#     --disable-workspace-trust FOLDER
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BASE="$ROOT/.cache/code-server"
DEST="$BASE/package"
MARKER="$BASE/.installed-$VERSION"
ENTRY="$DEST/out/node/entry.js"

if [ -f "$MARKER" ] && [ -f "$ENTRY" ]; then
  echo "setup-code-server: code-server $VERSION already installed" >&2
  echo "$ENTRY"
  exit 0
fi

start=$(date +%s)
mkdir -p "$BASE"

# Serialise concurrent runs (two CI steps, two shells).
exec 9>"$BASE/.lock"
if command -v flock >/dev/null; then flock 9; fi
if [ -f "$MARKER" ] && [ -f "$ENTRY" ]; then echo "$ENTRY"; exit 0; fi

# 1. Debian packages: ripgrep (replaces the downloaded rg), build headers, chromium.
bash "$HERE/setup-chromium.sh" >&2

# 2. Toolchain checks.
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  echo "setup-code-server: code-server $VERSION needs node 20, found $(node -v)" >&2
  exit 1
fi
for t in npm python3 make g++ rg; do
  command -v "$t" >/dev/null || { echo "setup-code-server: missing $t" >&2; exit 1; }
done

# node-gyp must not download node headers (no internet): use the installed ones.
node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
else
  echo "setup-code-server: warning: no $node_prefix/include/node/node.h; node-gyp will try to download headers" >&2
fi
export npm_config_yes=true            # node-pty's postinstall runs `npx node-gyp` (no stdin in CI)
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_loglevel=warn
export DEBIAN_FRONTEND=noninteractive

LOG="$BASE/install.log"
: >"$LOG"
run() { # run DIR CMD... ; output to the log, tail on failure
  local dir="$1"; shift
  echo "+ (cd ${dir#"$ROOT"/} && $*)" | tee -a "$LOG" >&2
  if ! (cd "$dir" && "$@") >>"$LOG" 2>&1 </dev/null; then
    echo "setup-code-server: FAILED: $* (in $dir); last lines of $LOG:" >&2
    tail -n 60 "$LOG" >&2
    exit 1
  fi
}

# 3. Unpack the npm package into a scratch dir, then move it in place at the end.
WORK="$BASE/work"
rm -rf "$WORK" "$DEST" "$BASE"/.installed-*
mkdir -p "$WORK"
run "$WORK" npm pack "code-server@$VERSION"
run "$WORK" tar xzf "code-server-$VERSION.tgz"
PKG="$WORK/package"
VSC="$PKG/lib/vscode"

# 4. Dependencies without install scripts (ripgrep's would download from GitHub).
run "$PKG" npm install --omit=dev --ignore-scripts --no-save
run "$VSC" npm install --omit=dev --ignore-scripts --no-save

# 5. ripgrep from Debian; @vscode/ripgrep's postinstall skips when bin/ exists.
mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$VSC/node_modules/@vscode/ripgrep/bin/rg"

# 6. Native modules: argon2 (root; not the root package's own postinstall.sh),
#    and kerberos, node-pty, spdlog, native-watchdog, deviceid, ... in lib/vscode.
run "$PKG" npm rebuild --foreground-scripts argon2
run "$VSC" npm rebuild --foreground-scripts

# 7. What code-server's postinstall.sh does after its npm install.
ln -sfn node_modules "$VSC/node_modules.asar"
ln -sfn code-linux.sh "$VSC/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSC/bin/helpers/browser.sh"
#    Built-in extensions' shared dependency (typescript) + its trimming postinstall.
run "$VSC/extensions" npm install --omit=dev --no-save

# 8. Sanity checks, then publish.
mkdir -p "$WORK/xdg"  # --version writes a default config.yaml; keep it out of $HOME
run "$PKG" env XDG_CONFIG_HOME="$WORK/xdg" node out/node/entry.js --version
for m in node-pty kerberos @vscode/spdlog native-watchdog @parcel/watcher; do
  run "$VSC" node -e "require('$m')"
done
run "$PKG" node -e "require('argon2')"
mv "$PKG" "$DEST"
rm -rf "$WORK"
touch "$MARKER"

echo "setup-code-server: installed code-server $VERSION in $(( $(date +%s) - start ))s" >&2
echo "$ENTRY"
