#!/usr/bin/env node
// Entry point for the published CLI and for `helm prodstack` (plugin.yaml runs this file).
import {enableCompileCache} from 'node:module'

// Re-using V8's compile cache cuts start-up after the first run.
enableCompileCache?.()

// A promise chain rather than top-level await: when stdout closes early (`| head`), Node would
// otherwise warn about an unsettled top-level await.
import('@oclif/core/execute').then(({execute}) => execute({dir: import.meta.url}))
