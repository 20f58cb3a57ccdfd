#!/usr/bin/env bash
# Builds the frontend (packages/app) for the backend to serve, only when it is missing or its
# inputs changed since the last build: the app's sources, the workspace packages it bundles and
# the installed versions of their dependencies (not all of yarn.lock, which changes with every
# backend dependency). app-config.yaml is not an input: plugin-app-backend injects the configuration when
# it serves the app.
#
# Usage (with Node 22 and Yarn on PATH, as scripts/toolchain.sh provides): scripts/build-app.sh [--force]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

app=packages/app
stamp="$app/dist/.build-inputs"

# The app's own files plus every workspace package it bundles (its workspace dependencies,
# transitively), so work on backend plugins does not trigger a rebuild.
bundled_workspaces() {
  node -e '
    const fs = require("fs"), path = require("path");
    const dirs = ["packages", "plugins"].flatMap(root =>
      fs.existsSync(root) ? fs.readdirSync(root).map(name => path.join(root, name)) : []);
    const byName = new Map();
    for (const dir of dirs) {
      try { byName.set(JSON.parse(fs.readFileSync(path.join(dir, "package.json"))).name, dir); } catch {}
    }
    const seen = new Set(), queue = ["app"];
    while (queue.length) {
      const dir = byName.get(queue.shift());
      if (!dir || seen.has(dir)) continue;
      seen.add(dir);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json")));
      queue.push(...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
    }
    if (process.argv[1] === "versions") {
      // The installed version of each package the bundled workspaces depend on directly.
      const deps = new Set([...seen].flatMap(dir =>
        Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "package.json"))).dependencies ?? {})));
      for (const dep of [...deps].sort()) {
        let version = "workspace";
        try { version = require(path.resolve("node_modules", dep, "package.json")).version; } catch {}
        console.log(`${dep}@${version}`);
      }
    } else {
      console.log([...seen].join("\n"));
    }
  ' "$@"
}

inputs_hash() {
  local inputs=() dir
  while read -r dir; do
    inputs+=("$dir/package.json" "$dir/src")
    [ -d "$dir/public" ] && inputs+=("$dir/public")
  done < <(bundled_workspaces)
  {
    find "${inputs[@]}" -type f -print0 2>/dev/null | LC_ALL=C sort -z | xargs -0 sha256sum
    bundled_workspaces versions
  } | sha256sum | cut -d' ' -f1
}

# npm start and the browser tests may both ask for a build; one builds, the other waits.
# (The lock lives outside dist/, which the build replaces.)
mkdir -p node_modules
exec 9>node_modules/.app-build.lock
flock 9

hash="$(inputs_hash)"
if [ "${1:-}" != "--force" ] && [ -f "$app/dist/index.html" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
  exit 0
fi
echo "build-app: building the frontend (packages/app), under a minute" >&2
started=$SECONDS
# Callers such as Jest set NODE_ENV=test, which leaves browserslist without a matching query.
mkdir -p .cache
NODE_ENV=production yarn workspace app build >.cache/app-build.log 2>&1 || {
  cat .cache/app-build.log >&2
  exit 1
}
echo "$hash" >"$stamp"
echo "build-app: done in $((SECONDS - started)) s" >&2
