# Sourced by the other scripts: puts a Node.js >= 22 first on PATH. When the machine's Node is
# older, Node 24 is installed once from the npm registry into a cache outside the repository.
PRODSTACK_TOOLS_DIR="${PRODSTACK_TOOLS_DIR:-$HOME/.cache/prodstack-tools}"
export PRODSTACK_TOOLS_DIR

prodstack_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(prodstack_node_major)" -lt 22 ]; then
  prodstack_node_dir="$PRODSTACK_TOOLS_DIR/node24"
  if [ ! -x "$prodstack_node_dir/node_modules/node/bin/node" ]; then
    echo "Installing Node.js 24 into $prodstack_node_dir (the machine has $(node --version 2>/dev/null || echo no Node.js))" >&2
    mkdir -p "$prodstack_node_dir"
    (cd "$prodstack_node_dir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error node@24 >&2)
  fi
  export PATH="$prodstack_node_dir/node_modules/node/bin:$PATH"
fi
