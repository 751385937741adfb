import {defineStackSuite} from './stack-suite.js'

// Shard 2 of the stacks suite (see RUNS in stack-suite.ts); the shards run in parallel.
defineStackSuite(2)
