#!/usr/bin/env bash
# Exports the plugins as Red Hat Developer Hub dynamic plugins with the RHDH CLI
# (@red-hat-developer-hub/cli, a root devDependency): each lands in <plugin>/dist-dynamic
# (git-ignored), ready for `npm pack` or `rhdh-cli plugin package` (OCI image).
#
#   npm run export-dynamic                       every plugin in plugins/
#   npm run export-dynamic -- plugins/<dir> ...  only these
#
# - Backend plugins and modules: `rhdh-cli plugin export` builds the package, writes a
#   dist-dynamic/package.json whose @backstage/* dependencies are peer dependencies (RHDH
#   provides them), installs the remaining private dependencies into dist-dynamic/node_modules
#   and embeds our own workspace packages (the model-catalog common library is not published
#   separately) with --embed-package.
# - Frontend plugins: the CLI builds Scalprum (dist-scalprum/) assets; the Scalprum
#   configuration is derived from the package name when package.json has none.
# - Libraries (common-library, node-library, web-library) are not plugins: they are embedded
#   in the plugins that use them.
#
# The backend export runs `yarn install` inside dist-dynamic, so it needs the npm registry this
# machine is configured with (scripts/toolchain.sh passes it to Yarn).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
CLI="$REPO/node_modules/.bin/rhdh-cli"
[ -x "$CLI" ] || { echo "export-dynamic: $CLI is missing; run yarn install (scripts/toolchain.sh does)" >&2; exit 1; }

if [ $# -gt 0 ]; then DIRS=("$@"); else DIRS=(plugins/*/); fi
for dir in "${DIRS[@]}"; do
  dir="${dir%/}"
  [ -f "$dir/package.json" ] || { echo "export-dynamic: $dir has no package.json" >&2; exit 1; }
  read -r name role < <(node -p "const p = require('./$dir/package.json'); p.name + ' ' + (p.backstage?.role ?? 'none')")
  ARGS=(plugin export --clean)
  case "$role" in
    backend-plugin | backend-plugin-module)
      # Our own workspace packages are not on any registry: embed them.
      mapfile -t EMBED < <(node -p "Object.entries(require('./$dir/package.json').dependencies ?? {})
        .filter(([, range]) => range.startsWith('workspace:')).map(([dep]) => dep).join('\n')" | sed '/^$/d')
      for dep in "${EMBED[@]}"; do ARGS+=(--embed-package "$dep"); done
      ;;
    frontend-plugin)
      # RHDH 1.9's app loads Scalprum assets; the module federation ones (dist/, for the new
      # frontend system) are built too unless EXPORT_DYNAMIC_SCALPRUM_ONLY=1 (the tests).
      [ "${EXPORT_DYNAMIC_SCALPRUM_ONLY:-0}" = 1 ] && ARGS+=(--no-generate-module-federation-assets)
      ;;
    *) echo "export-dynamic: $name ($role) is a library, embedded where used; skipped" >&2; continue ;;
  esac
  echo "export-dynamic: $name ($role)" >&2
  started=$(date +%s)
  (cd "$dir" && "$CLI" "${ARGS[@]}")
  echo "export-dynamic: $name -> $dir/dist-dynamic in $(( $(date +%s) - started ))s" >&2
done
