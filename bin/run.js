#!/usr/bin/env node
// Entry point for the published CLI and for `helm prodstack` (plugin.yaml runs this file).
// It parses and runs on old Node.js too, so that an unsupported version gets a clear message:
// the version check runs before anything that needs a newer Node.js is loaded.
import * as nodeModule from 'node:module'
import {checkNode} from './check-node.js'

if (checkNode()) {
  // Re-using V8's compile cache cuts start-up after the first run.
  nodeModule.enableCompileCache?.()
  // A promise chain rather than top-level await: when stdout closes early (`| head`), Node would
  // otherwise warn about an unsettled top-level await.
  import('@oclif/core/execute').then(({execute}) => execute({dir: import.meta.url}))
} else {
  process.exitCode = 1
}
