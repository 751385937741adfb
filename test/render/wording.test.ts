/** Words in generated files that must be true of the stack they are in. */
import {describe, expect, it} from 'vitest'
import {renderStackFiles} from '../../src/app/stack.js'
import {stepsOf} from '../../src/plan/install-steps.js'
import {stepCommands} from '../../src/render/prose.js'
import {coverageAnswers, planFor} from '../support/plans.js'

describe('generated wording', () => {
  it('names no placeholder directory: the regenerate command runs as written, in the stack directory', () => {
    for (const input of coverageAnswers()) {
      const files = renderStackFiles(planFor(input), '0.1.0')
      for (const [path, text] of files)
        expect(text.includes('<dir>'), `${path} of ${JSON.stringify(input)}`).toBe(false)
      expect(files.get('prodstack.yaml')).toContain('#   prodstack init --answers prodstack.yaml --force .\n')
    }
  })

  it("points each layer's NOTES to the next layer with the plan's own commands, and speaks of the release, not pods", () => {
    const plan = planFor({preset: 'full', domain: 'example.com'})
    const files = renderStackFiles(plan, '0.1.0')
    const releases = stepsOf(plan.install, 'release')
    for (const [index, step] of releases.entries()) {
      const notes = files.get(`${step.dir}/templates/NOTES.txt`)!
      expect(notes).not.toContain('pods are ready')
      const next = releases[index + 1]
      if (next) for (const command of stepCommands(next)) expect(notes, step.dir).toContain(`  ${command}\n`)
    }
  })

  it("gives Grafana's chown init container the reason that holds in any namespace", () => {
    const plan = planFor({preset: 'standard'})
    const grafana = plan.layers.flatMap((layer) => layer.charts).find((chart) => chart.alias === 'grafana')!
    const reason = grafana.settings.find((setting) => setting.path.join('.') === 'initChownData.enabled')!.why
    expect(reason).toContain('runs as root')
    expect(reason).not.toMatch(/would break the restricted/)
  })
})
