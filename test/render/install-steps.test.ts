import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {renderStackFiles} from '../../src/app/stack.js'
import {nextSteps} from '../../src/cli/present.js'
import {stepsOf} from '../../src/plan/install-steps.js'
import {stepCommands} from '../../src/render/prose.js'
import {coverageAnswers, planFor} from '../support/plans.js'
import {installedReleases, readmeSection, requiredSecrets, shellBlocks} from '../support/readme-steps.js'

describe("the plan's install steps", () => {
  it('go namespaces, then Secrets, then one release per layer in layer order', () => {
    const plan = planFor({preset: 'standard'})
    expect(plan.install.map((step) => step.kind)).toEqual([
      'namespaces',
      'secrets',
      ...plan.layers.map(() => 'release'),
    ])
    expect(stepsOf(plan.install, 'release').map((step) => step.dir)).toEqual(
      plan.layers.map((layer) => layer.dir),
    )
    // Every namespace a layer installs into, except kube-system, which every cluster has.
    const namespaces = stepsOf(plan.install, 'namespaces')[0]!.namespaces.map((namespace) => namespace.name)
    expect(namespaces).toEqual([
      ...new Set(plan.layers.map((layer) => layer.namespace).filter((name) => name !== 'kube-system')),
    ])
  })

  it('are what the README, helmfile.yaml and the next steps say, for every stack of the coverage set', () => {
    for (const input of coverageAnswers()) {
      const plan = planFor(input)
      const files = renderStackFiles(plan, '0.1.0')
      const readme = files.get('README.md')!
      const releases = stepsOf(plan.install, 'release')
      const label = JSON.stringify(input)

      const before = shellBlocks(readmeSection(readme, 'Before you install')).join('')
      const namespaces = stepsOf(plan.install, 'namespaces')[0]
      expect(before, label).toBe(namespaces ? `${stepCommands(namespaces).join('\n')}\n` : '')
      expect(requiredSecrets(readme), label).toEqual(
        plan.prerequisites.map(({namespace, name, keys}) => ({namespace, name, keys})),
      )
      const installBlocks = shellBlocks(readmeSection(readme, 'Install, in order'))
      expect(installBlocks, label).toEqual(releases.map((step) => `${stepCommands(step).join('\n')}\n`))
      expect(installedReleases(installBlocks.join('')).map((release) => release.name)).toEqual(
        releases.map((step) => step.release),
      )

      const helmfile = files.get('helmfile.yaml')
      if (input.layout === 'single') expect(helmfile, label).toBeUndefined()
      else {
        const parsed = parse(helmfile!) as {
          releases: Array<{
            name: string
            namespace: string
            chart: string
            needs?: string[]
            hooks?: unknown[]
          }>
        }
        expect(
          parsed.releases.map(({name, namespace, chart, needs}) => ({name, namespace, chart, needs})),
          label,
        ).toEqual(
          releases.map((step) => ({
            name: step.release,
            namespace: step.namespace,
            chart: `./${step.dir}`,
            needs: step.after ? [step.after] : undefined,
          })),
        )
        for (const release of parsed.releases)
          expect(release.hooks, label).toEqual([
            {
              events: ['presync'],
              showlogs: true,
              command: 'kubectl',
              args: ['apply', '-f', 'namespaces.yaml'],
            },
          ])
      }

      // init's next steps: the same commands in the same order, the Secrets where the step is.
      const next = nextSteps(plan, 'stack')
        .split('\n')
        .filter((line) => /^ {2}(kubectl|helm) /.test(line))
        .map((line) => line.trim())
      expect(next, label).toEqual(plan.install.flatMap(stepCommands))
    }
  })
})
