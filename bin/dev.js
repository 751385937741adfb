#!/usr/bin/env node
// Development entry point: same as run.js, with oclif's development mode (full stack traces).
const {execute} = await import('@oclif/core/execute')
await execute({development: true, dir: import.meta.url})
