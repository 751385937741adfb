import {expect, it} from 'vitest'
import {completeAnswers} from '../../src/answers/complete.js'
import {INGRESS_CHOICES} from '../../src/answers/schema.js'
import {CATALOG} from '../../src/catalog/index.js'
import type {Component} from '../../src/catalog/types.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import {chartValues} from '../../src/render/values-tree.js'
import {planFor} from '../support/plans.js'
import {describeWithShared, upstreamValues} from '../support/shared.js'

/** Where each ingress chart says "this IngressClass is the cluster default". */
const DEFAULT_CLASS_KEYS: Record<string, string[]> = {
  traefik: ['ingressClass', 'isDefaultClass'],
  'ingress-nginx': ['controller', 'ingressClassResource', 'default'],
  'nginx-ingress': ['controller', 'ingressClass', 'setAsDefaultIngress'],
  cilium: ['ingressController', 'default'],
}

function valueAt(tree: unknown, path: string[]): unknown {
  let node = tree
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key]
  return node
}

describeWithShared('default IngressClass', () => {
  for (const ingress of INGRESS_CHOICES) {
    for (const preset of ['minimal', 'full'] as const) {
      it(`--ingress ${ingress} (${preset}) leaves exactly ${ingress === 'none' ? 'no' : 'one'} default IngressClass`, () => {
        const plan = planFor({
          preset,
          ingress,
          domain: ingress === 'none' ? undefined : 'example.com',
          ...(ingress === 'ingress-nginx' ? {allowRetired: true} : {}),
        })
        const defaults: string[] = []
        for (const chart of plan.layers.flatMap((layer) => layer.charts)) {
          const path = DEFAULT_CLASS_KEYS[chart.alias]
          if (!path) continue
          // The effective value: ours, else the chart's own default.
          const ours = valueAt(chartValues(chart), path)
          const effective = ours ?? valueAt(upstreamValues(chart.alias), path)
          if (effective === true) defaults.push(chart.alias)
        }
        expect(defaults).toEqual(ingress === 'none' ? [] : [ingress])
      })
    }
  }
})

it('each controller names the IngressClass the planner hands to exposed UIs', () => {
  const expected: Record<string, [string, string[]]> = {
    traefik: ['traefik', ['ingressClass', 'name']],
    'ingress-nginx': ['ingress-nginx', ['controller', 'ingressClassResource', 'name']],
    'nginx-ingress': ['nginx-ingress', ['controller', 'ingressClass', 'name']],
  }
  for (const [ingress, [alias, path]] of Object.entries(expected)) {
    // A probe component records the class the planner gives every component that exposes a UI.
    let seen: string | undefined
    const probe: Component = {
      id: 'probe',
      title: 'Probe',
      category: 'essentials',
      description: 'records ctx.ingressClass',
      lifecycle: {status: 'maintained', note: 'test only'},
      charts: [],
      chosenBy: () => true,
      configure(ctx) {
        seen = ctx.ingressClass
        return {}
      },
    }
    const plan = resolvePlan(
      completeAnswers({preset: 'minimal', ingress: ingress as 'traefik', allowRetired: true}),
      {
        ...CATALOG,
        components: [...CATALOG.components, probe],
      },
    )
    const chart = plan.layers.flatMap((layer) => layer.charts).find((entry) => entry.alias === alias)!
    expect(seen, ingress).toBeDefined()
    expect(valueAt(chartValues(chart), path), ingress).toBe(seen)
  }
})
