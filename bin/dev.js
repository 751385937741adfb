#!/usr/bin/env node
// Development entry point: same as run.js, with oclif's development mode (full stack traces).
import('@oclif/core/execute').then(({execute}) => execute({development: true, dir: import.meta.url}))
