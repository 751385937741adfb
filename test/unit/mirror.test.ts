import {describe, expect, it} from 'vitest'
import {renderStackFiles} from '../../src/app/stack.js'
import {mirrored} from '../../src/catalog/settings.js'
import {describePlan} from '../../src/cli/present.js'
import {flagSource, validateAnswersInput} from '../../src/schema/validate-answers.js'
import {planFor} from '../support/plans.js'

const valid = {apiVersion: 'prodstack.dev/v1'}

describe('the image mirror answer (--registry)', () => {
  it.each([
    'registry.example.com',
    'registry.example.com/prodstack',
    'mirror.example.com:5000/team/prod',
    'localhost:5000',
    'localhost/mirror',
    'harbor:8443/proxy-cache/upstream_images',
  ])('accepts %s', (registry) => {
    expect(validateAnswersInput({...valid, registry}, flagSource)).toEqual([])
  })

  it.each([
    // A first segment without a dot or a port is a Docker Hub namespace to every container runtime.
    ['mirror/prodstack', 'Docker Hub namespace'],
    ['https://registry.example.com', 'scheme'],
    ['registry.example.com/', 'trailing slash'],
    ['Registry.Example.com/Team', 'upper case'],
    ['registry.example.com/team//prod', 'empty path segment'],
    ['registry.example.com/team:tag', 'a tag'],
  ])('refuses %s (%s), naming the flag and an example', (registry) => {
    const [problem, ...rest] = validateAnswersInput({...valid, registry}, flagSource)
    expect(rest).toEqual([])
    expect(problem?.source).toBe('--registry')
    expect(`${problem?.message} ${problem?.hint}`).toContain('registry.example.com/prodstack')
  })

  it('maps an upstream image to the mirror by dropping its host and keeping its path', () => {
    expect(mirrored('m.example.com/p', 'quay.io/cilium/cilium')).toBe('m.example.com/p/cilium/cilium')
    expect(mirrored('m.example.com/p', 'localhost:5000/a/b')).toBe('m.example.com/p/a/b')
    // Docker Hub names stay as written: the chart puts them under the registry it is given.
    expect(mirrored('m.example.com/p', 'busybox')).toBe('m.example.com/p/busybox')
    expect(mirrored('m.example.com/p', 'fluent/fluentd')).toBe('m.example.com/p/fluent/fluentd')
  })

  it('adds image settings only when given, each saying what it replaces', () => {
    const without = planFor({preset: 'minimal'})
    const withMirror = planFor({preset: 'minimal', registry: 'registry.example.com/prodstack'})
    const settings = (plan: typeof without) =>
      plan.layers.flatMap((layer) => layer.charts.flatMap((chart) => chart.settings))
    const added = settings(withMirror).filter((setting) => setting.why.includes('--registry'))
    expect(settings(without).some((setting) => setting.why.includes('--registry'))).toBe(false)
    expect(added.length).toBeGreaterThan(0)
    for (const setting of added) {
      expect(String(setting.value)).toMatch(/^registry\.example\.com\/prodstack(\/|$)/)
      expect(setting.why).toMatch(/instead of \S/)
    }
  })
})

describe('the chart mirror answer (--chart-registry)', () => {
  it('refuses anything but oci:// and a registry host', () => {
    for (const chartRegistry of [
      'https://charts.example.com',
      'oci://charts/x',
      'registry.example.com/charts',
    ])
      expect(validateAnswersInput({...valid, chartRegistry}, flagSource)[0]?.source).toBe('--chart-registry')
    expect(
      validateAnswersInput({...valid, chartRegistry: 'oci://registry.example.com/charts'}, flagSource),
    ).toEqual([])
  })

  it('points every chart at the mirror but the ones prodstack ships in charts/', () => {
    const plan = planFor({
      preset: 'standard',
      cni: 'weave-net',
      chartRegistry: 'oci://registry.example.com/charts',
    })
    const charts = plan.layers.flatMap((layer) => layer.charts)
    const local = charts.filter((chart) => chart.repository.startsWith('file://'))
    expect(local.map((chart) => chart.chart)).toEqual(['weave-net'])
    for (const chart of charts.filter((candidate) => !local.includes(candidate)))
      expect(chart.repository, chart.alias).toBe('oci://registry.example.com/charts')
  })
})

describe('the plan and the stack README with mirrors', () => {
  it('say where images and charts come from, and how to copy them there', () => {
    const plan = planFor({
      preset: 'minimal',
      registry: 'r.example.com/p',
      chartRegistry: 'oci://r.example.com/c',
    })
    expect(describePlan(plan).split('\n')[1]).toBe(
      'Images from the mirror r.example.com/p, charts from oci://r.example.com/c (prodstack images DIR --format mirror lists what to copy)',
    )
    const readme = renderStackFiles(plan, '0.0.0-test').get('README.md')!
    expect(readme).toContain(
      'Every image comes from the mirror `r.example.com/p`, and every chart from `oci://r.example.com/c`.',
    )
    expect(readme).toContain('`prodstack images . --format mirror`')
  })

  it('say nothing of mirrors without them, and only of charts with a chart mirror alone', () => {
    const plain = planFor({preset: 'minimal'})
    expect(describePlan(plain)).not.toMatch(/mirror/i)
    expect(renderStackFiles(plain, '0.0.0-test').get('README.md')).not.toMatch(/mirror/i)
    const charts = planFor({preset: 'minimal', chartRegistry: 'oci://r.example.com/c'})
    expect(describePlan(charts).split('\n')[1]).toBe('Charts from oci://r.example.com/c')
    const readme = renderStackFiles(charts, '0.0.0-test').get('README.md')!
    expect(readme).toContain('Every chart comes from the OCI mirror `oci://r.example.com/c`')
    expect(readme).not.toContain('Every image comes from')
  })
})
