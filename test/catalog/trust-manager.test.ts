import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {renderStackFiles} from '../../src/app/stack.js'
import {planFor, settingOf} from '../support/plans.js'
import {describeWithShared, SHARED_DIR} from '../support/shared.js'

describe('trust-manager', () => {
  it('is added with Linkerd only, after cert-manager, in cert-manager namespace', () => {
    const plan = planFor({preset: 'minimal', mesh: 'linkerd'})
    const component = plan.components.find((entry) => entry.id === 'trust-manager')
    expect(component?.reason.kind).toBe('added')
    const order = plan.layers.map((layer) => layer.id)
    const layer = plan.layers.find((entry) => entry.charts.some((chart) => chart.alias === 'trust-manager'))!
    expect(order.indexOf(layer.id)).toBeGreaterThan(order.indexOf('cert-manager'))
    expect(order.indexOf(layer.id)).toBeLessThan(order.indexOf('mesh'))
    expect(layer.namespace).toBe('cert-manager')
    expect(settingOf(plan, 'trust-manager', 'app.trust.namespace')).toBe('linkerd')
    expect(planFor({preset: 'minimal', mesh: 'istio'}).components.map((c) => c.id)).not.toContain(
      'trust-manager',
    )
  })

  it('no longer asks for a manual ConfigMap step', () => {
    const plan = planFor({preset: 'minimal', mesh: 'linkerd'})
    expect(plan.warnings.map((warning) => warning.message).join('\n')).not.toContain('create configmap')
  })
})

describeWithShared('the Linkerd trust bundle', () => {
  it('targets exactly the ConfigMap and key the real Linkerd chart mounts, from the anchor cert-manager issues', () => {
    const plan = planFor({preset: 'minimal', mesh: 'linkerd'})
    const files = renderStackFiles(plan, '0.1.0')
    const mesh = plan.layers.find((layer) => layer.id === 'mesh')!
    const bundlePath = [...files.keys()].find((path) =>
      path.startsWith(`${mesh.dir}/templates/trust-bundle-`),
    )!
    const bundle = parse(files.get(bundlePath)!)
    expect(bundle.kind).toBe('Bundle')
    expect(bundle.spec.sources).toEqual([{secret: {name: 'linkerd-trust-anchor', key: 'ca.crt'}}])
    expect(bundle.spec.target.namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe(
      mesh.namespace,
    )
    const certificates = [...files]
      .filter(([path]) => path.includes('linkerd-certificates'))
      .map(([, text]) => text)
    expect(certificates.join('\n')).toContain('secretName: linkerd-trust-anchor')

    // What the chart mounts: its proxy partial reads the ConfigMap by name and key, and with externalCA
    // (which the plan sets) the chart does not create that ConfigMap itself.
    const chart = mkdtempSync(join(tmpdir(), 'linkerd-chart-'))
    try {
      execFileSync('tar', [
        '-xzf',
        join(SHARED_DIR, 'charts', 'linkerd-control-plane-2026.8.3.tgz'),
        '-C',
        chart,
      ])
      const root = join(chart, 'linkerd-control-plane')
      const proxy = readFileSync(join(root, 'charts/partials/templates/_proxy.tpl'), 'utf8')
      const reference = /configMapKeyRef:\s*\n\s*name: (\S+)\s*\n\s*key: (\S+)/.exec(proxy)
      expect(reference?.slice(1)).toEqual([bundle.metadata.name, bundle.spec.target.configMap.key])
      const identity = readFileSync(join(root, 'templates/identity.yaml'), 'utf8')
      expect(identity).toMatch(/if not \(\.Values\.identity\.externalCA\) -\}\}\s*\nkind: ConfigMap/)
      expect(settingOf(plan, 'linkerd-control-plane', 'identity.externalCA')).toBe(true)
    } finally {
      rmSync(chart, {recursive: true, force: true})
    }
  })
})
