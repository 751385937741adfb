/**
 * Same answers, same bytes: across fresh processes (where no memo cache can hide a difference) and
 * whatever order the catalog lists its components in.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import {afterAll, describe, expect, it} from 'vitest'
import {completeAnswers} from '../../src/answers/complete.js'
import {CATALOG, type Catalog} from '../../src/catalog/index.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {readFiles, requireBuild, runCli} from '../support/cli.js'
import {coverageAnswers} from '../support/plans.js'

const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, {recursive: true, force: true})
})

describe('determinism', () => {
  it.each(['minimal', 'standard', 'full'])(
    'renders preset %s byte for byte the same in two fresh processes',
    (preset) => {
      requireBuild()
      const trees = [0, 1].map(() => {
        const root = mkdtempSync(join(tmpdir(), 'prodstack-determinism-'))
        roots.push(root)
        const result = runCli(root, ['init', '--yes', '--preset', preset, '--no-dependency-update', 'stack'])
        expect(result.status, result.stderr).toBe(0)
        return readFiles(join(root, 'stack'))
      })
      expect(trees[0]!.size).toBeGreaterThan(5)
      expect([...trees[1]!.keys()]).toEqual([...trees[0]!.keys()])
      for (const [path, bytes] of trees[0]!) expect(trees[1]!.get(path)?.equals(bytes), path).toBe(true)
    },
  )

  it('plans the same for any order of the catalog components', () => {
    const inputs = coverageAnswers()
    const expected = inputs.map((input) => JSON.stringify(resolvePlan(completeAnswers(input), CATALOG)))
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...CATALOG.components], {minLength: CATALOG.components.length}),
        (order) => {
          const shuffled: Catalog = {...CATALOG, components: order}
          inputs.forEach((input, index) => {
            expect(JSON.stringify(resolvePlan(completeAnswers(input, shuffled), shuffled))).toBe(
              expected[index],
            )
          })
        },
      ),
      {numRuns: 25},
    )
  })
})
