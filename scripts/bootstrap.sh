#!/usr/bin/env bash
# Set-up on a fresh machine: Node.js >= 22 (installed when missing), dependencies, build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
