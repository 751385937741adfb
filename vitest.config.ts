import {configDefaults, defineConfig} from 'vitest/config'

/** Suites that render whole stacks with the real charts under Helm 3 and 4: minutes of CPU. */
const HEAVY_HELM = ['test/images.test.ts', 'test/gitops.test.ts']

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The heavy Helm suites run after the others, so that they do not slow down the CPU-bound and
    // timing tests (the whole space of choices, terminal latency) on a small machine.
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...HEAVY_HELM],
        },
      },
      {extends: true, test: {name: 'helm-stacks', include: HEAVY_HELM, sequence: {groupOrder: 1}}},
    ],
  },
})
