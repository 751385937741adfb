#!/bin/sh
# Runs when Helm installs or updates the plugin (POSIX sh: Helm runs hooks with `sh -c`).
# - `helm plugin install <local dir>` links the directory: a developer's checkout, never touched.
# - `helm plugin install <git url>` copies a fresh clone: install its dependencies and build it,
#   which needs Node.js >= 22, npm and access to the npm registry.
set -e
action="${1:-install}"
dir="${HELM_PLUGIN_DIR:?HELM_PLUGIN_DIR is not set}"
if [ -L "$dir" ]; then
  exit 0
fi
cd "$dir"
if [ "$action" = install ] && [ -f dist/commands.js ] && [ -d node_modules/@oclif/core ]; then
  exit 0
fi
if ! command -v node >/dev/null 2>&1; then
  echo "prodstack: Node.js >= 22 must be on PATH" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 22 ]; then
  echo "prodstack: Node.js >= 22 is required, found $(node --version)" >&2
  exit 1
fi
echo "prodstack: installing dependencies and building (npm ci, npm run build)" >&2
npm ci --no-audit --no-fund --loglevel=error >&2
npm run build --silent >&2
npm prune --omit=dev --no-audit --no-fund --loglevel=error >&2
