#!/usr/bin/env node
// Development entry point: same as run.js, with oclif's development mode (full stack traces).
import {checkNode} from './check-node.js'

if (checkNode()) {
  import('@oclif/core/execute').then(({execute}) => execute({development: true, dir: import.meta.url}))
} else {
  process.exitCode = 1
}
