# Sourced by scripts/test.sh: exports HELM3_BIN and HELM4_BIN, building Helm 3 and Helm 4 from the
# Go module proxy into a cache outside the repository the first time (a few minutes).
PRODSTACK_TOOLS_DIR="${PRODSTACK_TOOLS_DIR:-$HOME/.cache/prodstack-tools}"
PRODSTACK_HELM3_VERSION="${PRODSTACK_HELM3_VERSION:-v3.22.0}"
PRODSTACK_HELM4_VERSION="${PRODSTACK_HELM4_VERSION:-v4.3.1}"

prodstack_build_helm() {
  local major=$1 version=$2 dir="$PRODSTACK_TOOLS_DIR/helm$1-$2"
  if [ ! -x "$dir/helm" ]; then
    if ! command -v go >/dev/null 2>&1; then
      echo "go is not installed: cannot build Helm $version (Helm tests will skip outside CI)" >&2
      return 0
    fi
    mkdir -p "$PRODSTACK_TOOLS_DIR"
    # A second test run on the machine waits for the first one's build instead of repeating it.
    (
      if command -v flock >/dev/null 2>&1; then flock 9; fi
      if [ ! -x "$dir/helm" ]; then
        echo "Building Helm $version into $dir (first run only)" >&2
        # Built beside the cache entry and moved in whole, so an interrupted build leaves no helm
        # binary that looks finished.
        rm -rf "$dir.build" &&
          GOBIN="$dir.build" go install "helm.sh/helm/v$major/cmd/helm@$version" >&2 &&
          mkdir -p "$dir" && mv -f "$dir.build/helm" "$dir/helm" && rm -rf "$dir.build"
      fi
    ) 9>"$PRODSTACK_TOOLS_DIR/.helm$major.lock"
  fi
  export "HELM${major}_BIN=$dir/helm"
}

[ -n "${HELM3_BIN:-}" ] || prodstack_build_helm 3 "$PRODSTACK_HELM3_VERSION"
[ -n "${HELM4_BIN:-}" ] || prodstack_build_helm 4 "$PRODSTACK_HELM4_VERSION"
