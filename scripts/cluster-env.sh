# Sourced by scripts/test.sh: exports PRODSTACK_CLUSTER_BIN, a directory with etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kwok and helmfile, and crds/ with Flux's
# Kustomization CRD, for the cluster suite (test/cluster). They are built from the Go module proxy
# into a cache outside the repository, keyed by version, the first time (about 35 CPU-minutes;
# later runs reuse them). The wrapper
# modules are in scripts/cluster-tools/, with go.sum files, so every build resolves the same
# modules. A binary that fails to build is left out: its tests skip outside CI and fail with CI=true.
PRODSTACK_TOOLS_DIR="${PRODSTACK_TOOLS_DIR:-$HOME/.cache/prodstack-tools}"
# The wrapper modules' go.mod files pin the same versions: change both together.
PRODSTACK_KUBERNETES_VERSION=v1.37.2
PRODSTACK_ETCD_VERSION=v3.6.5
PRODSTACK_KWOK_VERSION=v0.7.0
PRODSTACK_HELMFILE_VERSION=v1.7.4
# Flux's Kustomization CRD (flux2 v2.9.4 ships this kustomize-controller) for the GitOps admission
# tests; ../shared has Flux's helm and source CRDs only.
PRODSTACK_KUSTOMIZE_CONTROLLER_VERSION=v1.9.4
prodstack_cluster_tools_src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cluster-tools"

# Builds one binary unless "$dir/$name" exists with a stamp matching its version and Go sources.
# $1 name, $2 version, $3 wrapper module (under cluster-tools, or "" for `go install`), then the
# command that builds it (run in a copy of the wrapper module, with $out the binary to write).
prodstack_cluster_build() {
  local name=$1 version=$2 module=$3
  shift 3
  local dir="$PRODSTACK_CLUSTER_BIN" stamp sources=""
  if [ -n "$module" ]; then
    sources="$(cd "$prodstack_cluster_tools_src/$module" && find . -type f -name '*.go' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
  fi
  stamp="$version $sources"
  if [ -x "$dir/$name" ] && [ "$(cat "$dir/.$name.stamp" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  echo "cluster tools: building $name $version into $dir (first run only)" >&2
  local work="$dir/.build/$name" started=$SECONDS
  rm -rf "$work" && mkdir -p "$work"
  if [ -n "$module" ]; then
    cp -R "$prodstack_cluster_tools_src/$module/." "$work/"
  fi
  if (
    cd "$work" &&
      { [ -z "$module" ] || [ -f go.sum ] || go mod tidy >&2; } &&
      out="$dir/$name.new" "$@" >&2
  ); then
    mv -f "$dir/$name.new" "$dir/$name"
    echo "$stamp" >"$dir/.$name.stamp"
    echo "$name $version $((SECONDS - started))s $(date -u +%FT%TZ)" >>"$dir/build-times.txt"
    echo "cluster tools: built $name in $((SECONDS - started))s" >&2
    rm -rf "$work"
  else
    rm -f "$dir/$name.new"
    echo "cluster tools: FAILED to build $name $version (its tests skip outside CI, fail with CI=true)" >&2
  fi
}

prodstack_cluster_env() {
  if ! command -v go >/dev/null 2>&1; then
    echo "go is not installed: cannot build the cluster tools (cluster tests will skip outside CI)" >&2
    return 0
  fi
  export PRODSTACK_CLUSTER_BIN="$PRODSTACK_TOOLS_DIR/cluster-$PRODSTACK_KUBERNETES_VERSION"
  mkdir -p "$PRODSTACK_CLUSTER_BIN"
  local k8s=$PRODSTACK_KUBERNETES_VERSION minor
  minor="${k8s#v1.}"
  minor="${minor%%.*}"
  # Without the version stamped in, the server reports v0.0.0-master and every chart's kubeVersion
  # constraint fails.
  local kube_ldflags="-s -w \
-X k8s.io/component-base/version.gitVersion=$k8s \
-X k8s.io/component-base/version.gitMajor=1 \
-X k8s.io/component-base/version.gitMinor=$minor \
-X k8s.io/component-base/version.gitTreeState=clean \
-X k8s.io/client-go/pkg/version.gitVersion=$k8s \
-X k8s.io/client-go/pkg/version.gitMajor=1 \
-X k8s.io/client-go/pkg/version.gitMinor=$minor \
-X k8s.io/client-go/pkg/version.gitTreeState=clean"

  # Two test runs on one machine share the cache: the lock makes the second wait for the first's
  # builds instead of building the same binaries into the same work directories.
  (
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    prodstack_cluster_builds "$kube_ldflags"
  ) 9>"$PRODSTACK_CLUSTER_BIN/.lock"
  rmdir "$PRODSTACK_CLUSTER_BIN/.build" 2>/dev/null || true
}

prodstack_cluster_builds() {
  local k8s=$PRODSTACK_KUBERNETES_VERSION kube_ldflags=$1 component
  prodstack_cluster_build etcd "$PRODSTACK_ETCD_VERSION" etcd \
    sh -c 'go build -trimpath -ldflags "-s -w" -o "$out" .'
  prodstack_cluster_build kubectl "$k8s" kubectl \
    env LDFLAGS="$kube_ldflags" sh -c 'go build -trimpath -ldflags "$LDFLAGS" -o "$out" .'
  for component in kube-apiserver kube-controller-manager kube-scheduler; do
    prodstack_cluster_build "$component" "$k8s" kubernetes \
      env LDFLAGS="$kube_ldflags" C="$component" sh -c 'go build -trimpath -ldflags "$LDFLAGS" -o "$out" "./cmd/$C"'
  done
  prodstack_cluster_build kwok "$PRODSTACK_KWOK_VERSION" "" \
    env V="$PRODSTACK_KWOK_VERSION" sh -c 'mkdir -p gobin && GOBIN="$PWD/gobin" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${V#v}" "sigs.k8s.io/kwok/cmd/kwok@$V" && mv gobin/kwok "$out"'
  prodstack_cluster_build helmfile "$PRODSTACK_HELMFILE_VERSION" helmfile \
    env V="$PRODSTACK_HELMFILE_VERSION" sh -c 'go build -trimpath -ldflags "-s -w -X go.szostok.io/version.version=$V" -o "$out" github.com/helmfile/helmfile'
  prodstack_kustomization_crd
}

# Copies the Kustomization CRD out of the kustomize-controller module (from the Go module proxy)
# into crds/, once; nothing is built.
prodstack_kustomization_crd() {
  local file=kustomize.toolkit.fluxcd.io_kustomizations.yaml
  local out="$PRODSTACK_CLUSTER_BIN/crds/$file" stamp="$PRODSTACK_CLUSTER_BIN/crds/.$file.stamp" module
  if [ -s "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$PRODSTACK_KUSTOMIZE_CONTROLLER_VERSION" ]; then
    return 0
  fi
  mkdir -p "$PRODSTACK_CLUSTER_BIN/crds"
  module="$(go mod download -json "github.com/fluxcd/kustomize-controller@$PRODSTACK_KUSTOMIZE_CONTROLLER_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  rm -f "$out.new"
  if [ -n "$module" ] && cp "$module/config/crd/bases/$file" "$out.new" && chmod u+w "$out.new"; then
    mv -f "$out.new" "$out"
    echo "$PRODSTACK_KUSTOMIZE_CONTROLLER_VERSION" >"$stamp"
  else
    rm -f "$out.new"
    echo "cluster tools: FAILED to fetch the Kustomization CRD (its tests skip outside CI, fail with CI=true)" >&2
  fi
}

[ -n "${PRODSTACK_CLUSTER_BIN:-}" ] || prodstack_cluster_env
