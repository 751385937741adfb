import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import type {AnswersInput} from '../../src/answers/schema.js'
import {chartValues, mergeValues} from '../../src/render/values-tree.js'
import {chartOf, planFor, settingOf} from '../support/plans.js'
import {REPO_ROOT} from '../support/shared.js'

const CHART_DIR = join(REPO_ROOT, 'charts', 'weave-net')
const weave = (input: AnswersInput = {}) => planFor({preset: 'minimal', cni: 'weave-net', ...input})

describe('weave-net', () => {
  it('is chosen by --cni weave-net and installs the chart prodstack ships, in the network layer', () => {
    const plan = weave()
    const chart = chartOf(plan, 'weave-net')
    expect(chart.repository).toBe('file://charts/weave-net')
    expect(chart.version).toBe('2.9.0')
    expect(chart.layer).toBe('network')
    expect(plan.layers.find((layer) => layer.id === 'network')?.namespace).toBe('kube-system')
    expect(planFor({preset: 'minimal', cni: 'cilium'}).components.map((c) => c.id)).not.toContain('weave-net')
  })

  it('is unmaintained, and says the verifiable fact: no commit since its 2.9.0 release on 2024-12-22', () => {
    const warning = weave().warnings.find(
      (entry) => entry.code === 'LIFECYCLE' && entry.component === 'weave-net',
    )
    expect(warning?.message).toContain('no commit since its 2.9.0 release (commit 83972220, 2024-12-22)')
    expect(warning?.alternatives).toEqual(['cilium', 'calico'])
    // Unmaintained is a warning, not a refusal: only retired components need --allow-retired.
    expect(weave().answers.allowRetired).toBeUndefined()
  })

  it('allocates pod addresses from the answered pod CIDR', () => {
    expect(settingOf(weave({podCidr: '10.100.0.0/16'}), 'weave-net', 'ipallocRange')).toBe('10.100.0.0/16')
  })

  it('keeps weave-npc on so NetworkPolicy is enforced', () => {
    expect(settingOf(weave(), 'weave-net', 'networkPolicy.enabled')).toBe(true)
  })

  it('warns that it is unmaintained and suggests cilium or calico', () => {
    const warning = weave().warnings.find(
      (entry) => entry.code === 'LIFECYCLE' && entry.component === 'weave-net',
    )
    expect(warning?.alternatives).toEqual(['cilium', 'calico'])
    expect(warning?.message).toContain('2.9.0')
  })

  it('with kube-prometheus-stack turns on the PodMonitor and no annotations', () => {
    const plan = weave({metrics: 'kube-prometheus-stack'})
    expect(settingOf(plan, 'weave-net', 'metrics.podMonitor.enabled')).toBe(true)
    expect(settingOf(plan, 'weave-net', 'metrics.scrapeAnnotations')).toBeUndefined()
    expect(plan.wiring).toContainEqual({
      from: 'weave-net',
      to: 'kube-prometheus-stack',
      what: 'metrics scraped',
    })
  })

  it('with standalone Prometheus uses scrape annotations, never a PodMonitor', () => {
    const plan = weave({metrics: 'prometheus'})
    expect(settingOf(plan, 'weave-net', 'metrics.scrapeAnnotations')).toBe(true)
    expect(settingOf(plan, 'weave-net', 'metrics.podMonitor.enabled')).toBeUndefined()
  })

  it('without metrics sets neither and records no scrape edge', () => {
    const plan = weave({metrics: 'none'})
    expect(settingOf(plan, 'weave-net', 'metrics.scrapeAnnotations')).toBeUndefined()
    expect(settingOf(plan, 'weave-net', 'metrics.podMonitor.enabled')).toBeUndefined()
    expect(plan.wiring.filter((edge) => edge.from === 'weave-net')).toEqual([])
  })

  it('asks for a privileged namespace when it shares the single-chart namespace', () => {
    const plan = weave({layout: 'single'})
    expect(plan.layers[0]?.podSecurity).toBe('privileged')
  })
})

describe('weave-net settings against charts/weave-net', () => {
  const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as Record<string, unknown>
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >
  const variants: AnswersInput[] = [
    {metrics: 'kube-prometheus-stack'},
    {metrics: 'prometheus'},
    {metrics: 'none'},
    {layout: 'single'},
  ]

  it('sets only paths that exist in the chart values.yaml', () => {
    const missing: string[] = []
    let checked = 0
    for (const input of variants) {
      for (const setting of chartOf(weave(input), 'weave-net').settings) {
        checked++
        let node: unknown = values
        for (const key of setting.path) {
          const map = node as Record<string, unknown> | null
          if (typeof map !== 'object' || map === null || !(key in map)) {
            missing.push(setting.path.join('.'))
            break
          }
          node = map[key]
        }
      }
    }
    expect(checked).toBeGreaterThan(8)
    expect(missing).toEqual([])
  })

  it('gives the chart values its values.schema.json accepts', () => {
    const {$schema: _draft, ...body} = schema
    const validate = new Ajv({allErrors: true, strict: false}).compile(body)
    for (const input of variants) {
      const coalesced = mergeValues(mergeValues(values, chartValues(chartOf(weave(input), 'weave-net'))), {
        global: {},
      })
      const ok = validate(coalesced)
      expect(validate.errors ?? [], JSON.stringify(input)).toEqual([])
      expect(ok).toBe(true)
    }
    expect(validate({...values, ipallocRange: '10.0.0.0/33'})).toBe(false)
  })
})
