#!/usr/bin/env bash
# The test command: build, then every test suite (unit, conformance against ../shared/upstream,
# real Helm 3 and Helm 4, stacks installed on a real control plane). Ends with the line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh
# The Helm and control-plane builds (first run only) are independent: on a cold cache they run side
# by side, and sourcing helm-env.sh afterwards only finds the binaries and exports their paths.
bash -c '. scripts/helm-env.sh' &
helm_build=$!
. scripts/cluster-env.sh
wait "$helm_build"
. scripts/helm-env.sh
npm run build --silent || exit 1
report="$(mktemp)"
node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  // A file that fails before its tests run (CI=true with missing inputs) counts as a failure too.
  const broken = r.testResults.filter((file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed")).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + broken} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || echo "0 passed, 1 failed"
rm -f "$report"
exit $status
