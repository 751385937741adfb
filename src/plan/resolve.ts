import type {Answers} from '../answers/schema.js'
import {inlineSecretPaths} from '../answers/secrets.js'
import {type Catalog, findComponent} from '../catalog/index.js'
import {
  type ChartSettings,
  type Component,
  type ExposedUi,
  type GrafanaDatasource,
  LAYERS,
  type LayerId,
  type LayerManifest,
  type SecretPrerequisite,
  type WiringContext,
} from '../catalog/types.js'
import {closest, type Problem, UserError} from '../errors.js'
import {clusterWarnings} from './cluster-rules.js'
import type {Plan, PlannedChart, PlannedComponent, PlannedLayer, PlanWarning, WiringEdge} from './types.js'

/** Helm's limit on release names. */
export const HELM_RELEASE_NAME_MAX = 53

/** The answers flag that chooses components of each category, for error messages. */
const CATEGORY_FLAG: Record<string, string> = {
  cni: '--cni',
  ingress: '--ingress',
  mesh: '--mesh',
  metrics: '--metrics',
  logging: '--logging',
  'log-store': '--log-store',
  dashboards: '--dashboards',
  essentials: '--cert-manager',
}

export function flagFor(component: Component): string {
  if (component.id === 'metrics-server') return '--metrics-server'
  return CATEGORY_FLAG[component.category] ?? `--${component.category}`
}

/**
 * Turns complete, schema-valid answers into a Plan: which components, why, in which install layer,
 * with which values. Pure — no I/O, no clock — so the same answers always give the same plan.
 * Every problem is collected and thrown once as a UserError.
 */
export function resolvePlan(answers: Answers, catalog: Catalog): Plan {
  const problems: Problem[] = []
  const planned = selectComponents(answers, catalog)
  const selected = new Set(planned.map((entry) => entry.component.id))

  problems.push(...answerProblems(answers))
  for (const {component} of planned) problems.push(...selectionProblems(component, selected, catalog))
  problems.push(...valuesProblems(answers, planned))
  if (problems.length > 0) {
    throw new UserError('INVALID_PLAN', 'These choices do not work together', problems)
  }

  const warnings = collectWarnings(answers, planned, selected)
  const namespaces = layerNamespaces(answers, planned)
  const wiring: WiringEdge[] = []
  const exposed: ExposedUi[] = []
  const settings: ChartSettings = {}
  const prerequisites: SecretPrerequisite[] = []
  const manifests: Array<LayerManifest & {component: string}> = []
  for (const {component} of planned) {
    const ctx = createContext(answers, planned, namespaces, component, wiring, exposed)
    Object.assign(settings, component.configure(ctx))
    prerequisites.push(...(component.prerequisites?.(ctx) ?? []))
    for (const manifest of component.manifests?.(ctx) ?? [])
      manifests.push({...manifest, component: component.id})
  }

  const charts: PlannedChart[] = planned.flatMap(({component}) =>
    component.charts.map((chart) => {
      const userValues = answers.values[chart.alias]
      return {
        alias: chart.alias,
        chart: chart.chart,
        version: chart.version,
        repository: chart.repository,
        component: component.id,
        layer: chart.layer,
        settings: settings[chart.alias] ?? [],
        ...(userValues ? {userValues} : {}),
      }
    }),
  )

  if (answers.layout === 'single') {
    warnings.push({
      code: 'LAYOUT',
      message:
        'Single-chart layout: Helm installs everything at once, so custom resources can be created before their ' +
        'CRDs and operators exist, pods can start before the CNI, and the release record can exceed 1 MiB. ' +
        'Use --layout layered for production clusters.',
    })
  }

  const layers = buildLayers(answers, charts, manifests, namespaces, planned)
  const tooLong = layers.filter((layer) => layer.release.length > HELM_RELEASE_NAME_MAX)
  if (tooLong.length > 0) {
    const overshoot = Math.max(...tooLong.map((layer) => layer.release.length)) - HELM_RELEASE_NAME_MAX
    throw new UserError('INVALID_PLAN', 'These choices do not work together', [
      {
        source: '--name',
        message: `release ${tooLong.map((layer) => `"${layer.release}"`).join(', ')} would exceed Helm's ${HELM_RELEASE_NAME_MAX}-character limit`,
        hint: `use a stack name of at most ${answers.name.length - overshoot} characters`,
      },
    ])
  }

  return {
    answers,
    components: planned.map(({component, reason}) => ({
      id: component.id,
      title: component.title,
      category: component.category,
      description: component.description,
      lifecycle: component.lifecycle,
      reason,
      charts: component.charts.map((chart) => chart.alias),
    })),
    layers,
    warnings,
    wiring: dedupeEdges(wiring),
    exposed,
    prerequisites,
  }
}

interface Selected {
  component: Component
  reason: PlannedComponent['reason']
}

function selectComponents(answers: Answers, catalog: Catalog): Selected[] {
  const chosen = catalog.components.filter((component) => component.chosenBy(answers))
  const ids = new Set(chosen.map((component) => component.id))
  const result: Selected[] = chosen.map((component) => ({
    component,
    reason: {kind: 'chosen', text: `chosen with ${flagFor(component)}`},
  }))
  // Components that other choices need (cert-manager for TLS, say), in catalog order.
  for (const component of catalog.components) {
    if (ids.has(component.id)) continue
    const because = component.neededBy?.(answers, ids)
    if (because) {
      ids.add(component.id)
      result.push({component, reason: {kind: 'added', text: because}})
    }
  }
  const order = new Map(catalog.components.map((component, index) => [component.id, index]))
  return result.sort((a, b) => order.get(a.component.id)! - order.get(b.component.id)!)
}

function answerProblems(answers: Answers): Problem[] {
  const problems: Problem[] = []
  if (answers.domain && answers.ingress === 'none') {
    problems.push({
      source: '--domain',
      message: `UIs under ${answers.domain} need an ingress controller, but --ingress is none`,
      hint: 'pass --ingress traefik, or leave --domain empty',
    })
  }
  if (answers.alertReceivers.length > 0 && answers.metrics !== 'kube-prometheus-stack') {
    problems.push({
      source: '--alert-receiver',
      message: `alert receivers are wired into kube-prometheus-stack's Alertmanager, but --metrics is ${answers.metrics}`,
      hint: 'pass --metrics kube-prometheus-stack',
    })
  }
  return problems
}

function selectionProblems(component: Component, selected: ReadonlySet<string>, catalog: Catalog): Problem[] {
  const problems: Problem[] = []
  for (const requirement of component.requires ?? []) {
    if (requirement.anyOf.some((id) => selected.has(id))) continue
    const names = requirement.anyOf.map((id) => findComponent(catalog, id)?.title ?? id).join(' or ')
    problems.push({
      source: flagFor(component),
      message: `${component.title} needs ${names}: ${requirement.why}`,
      hint: requirement.fix,
    })
  }
  for (const conflict of component.conflicts ?? []) {
    // Report each conflicting pair once, from the component that comes first in the catalog.
    if (!selected.has(conflict.with) || component.id > conflict.with) continue
    const other = findComponent(catalog, conflict.with)
    problems.push({
      source: flagFor(component),
      message: `${component.title} and ${other?.title ?? conflict.with} cannot run together: ${conflict.why}`,
      hint: conflict.fix,
    })
  }
  return problems
}

function valuesProblems(answers: Answers, planned: Selected[]): Problem[] {
  const aliases = planned.flatMap(({component}) => component.charts.map((chart) => chart.alias))
  const secrets: Problem[] = inlineSecretPaths(answers.values).map((path) => ({
    source: `values.${path}`,
    message: 'is a credential written inline; prodstack never writes credentials into a chart',
    hint: "create a Secret and reference it with the chart's existingSecret / secretKeyRef values instead",
  }))
  return secrets.concat(unknownAliases(answers, aliases))
}

function unknownAliases(answers: Answers, aliases: string[]): Problem[] {
  return Object.keys(answers.values)
    .filter((alias) => !aliases.includes(alias))
    .map((alias) => {
      const suggestion = closest(alias, aliases)
      return {
        source: `values.${alias}`,
        message: `no chart with alias "${alias}" is in this stack`,
        hint: suggestion ? `did you mean ${suggestion}?` : `aliases in this stack: ${aliases.join(', ')}`,
      }
    })
}

function collectWarnings(
  answers: Answers,
  planned: Selected[],
  selected: ReadonlySet<string>,
): PlanWarning[] {
  const warnings: PlanWarning[] = []
  for (const {component} of planned) {
    if (component.lifecycle.status !== 'maintained') {
      warnings.push({
        code: 'LIFECYCLE',
        component: component.id,
        message: `${component.title}: ${component.lifecycle.note}`,
        ...(component.lifecycle.alternatives ? {alternatives: component.lifecycle.alternatives} : {}),
      })
    }
    for (const message of component.warnings?.(answers, selected) ?? []) {
      warnings.push({code: 'COMPONENT', component: component.id, message})
    }
  }
  for (const message of clusterWarnings(answers)) warnings.push({code: 'CLUSTER', message})
  return warnings
}

function layerNamespaces(answers: Answers, planned: Selected[]): Map<LayerId, string> {
  const namespaces = new Map<LayerId, string>(LAYERS.map((layer) => [layer.id, layer.namespace]))
  namespaces.set('platform', answers.namespace)
  if (answers.layout === 'single') {
    for (const layer of LAYERS) namespaces.set(layer.id, answers.namespace)
    return namespaces
  }
  for (const {component} of planned) {
    const override = component.namespace?.(answers)
    if (override) namespaces.set(component.charts.at(-1)!.layer, override)
  }
  return namespaces
}

function createContext(
  answers: Answers,
  planned: Selected[],
  namespaces: Map<LayerId, string>,
  self: Component,
  wiring: WiringEdge[],
  exposed: ExposedUi[],
): WiringContext {
  const byId = new Map(planned.map(({component}) => [component.id, component]))
  const ingress = answers.ingress === 'none' ? undefined : byId.get(answers.ingress)
  const monitoringId = answers.metrics === 'none' ? undefined : answers.metrics
  const ctx: WiringContext = {
    answers,
    has: (id) => byId.has(id),
    namespaceOf(id) {
      const component = byId.get(id)
      if (!component) throw new Error(`namespaceOf(${id}): not in the plan`)
      return namespaces.get(component.charts.at(-1)!.layer)!
    },
    get monitoring() {
      if (!monitoringId) return 'none'
      if (monitoringId !== self.id) wiring.push({from: self.id, to: monitoringId, what: 'metrics scraped'})
      return answers.metrics === 'kube-prometheus-stack' ? 'operator' : 'annotations'
    },
    ingressClass: ingress ? ingressClassOf(ingress.id) : undefined,
    hostFor(app) {
      if (!answers.domain || !ingress) return undefined
      const host = `${app}.${answers.domain}`
      exposed.push({component: self.id, host})
      wiring.push({from: self.id, to: ingress.id, what: `exposed at https://${host}`})
      return host
    },
    logSink() {
      const store = planned.find(({component}) => component.logSink)?.component
      if (!store) return undefined
      wiring.push({from: self.id, to: store.id, what: 'log output'})
      return store.logSink!(innerContext(store))
    },
    datasources() {
      const sources: GrafanaDatasource[] = []
      for (const {component} of planned) {
        if (!component.datasources || component.id === self.id) continue
        const offered = component.datasources(innerContext(component))
        if (offered.length > 0) wiring.push({from: self.id, to: component.id, what: 'Grafana datasource'})
        sources.push(...offered)
      }
      return sources
    },
  }
  // Contexts for asking another component for its sink or datasources; they record no wiring.
  const innerContext = (other: Component) => createContext(answers, planned, namespaces, other, [], [])
  return ctx
}

/** IngressClass names the ingress modules configure; the class controllers are wired to. */
function ingressClassOf(id: string): string {
  return id === 'traefik' ? 'traefik' : 'nginx'
}

function buildLayers(
  answers: Answers,
  charts: PlannedChart[],
  manifests: Array<LayerManifest & {component: string}>,
  namespaces: Map<LayerId, string>,
  planned: Selected[],
): PlannedLayer[] {
  const levelOf = (members: PlannedChart[], namespace: string): PlannedLayer['podSecurity'] => {
    if (namespace === 'kube-system') return undefined
    const levels = new Set(
      members.map(
        (chart) => planned.find(({component}) => component.id === chart.component)?.component.podSecurity,
      ),
    )
    return levels.has('privileged') ? 'privileged' : levels.has('baseline') ? 'baseline' : 'restricted'
  }
  const withoutLayer = (list: typeof manifests) => list.map(({layer: _layer, ...rest}) => rest)
  if (answers.layout === 'single') {
    return [
      {
        id: 'stack',
        title: 'Whole stack',
        why: 'Single-chart layout: every component in one release.',
        dir: '.',
        release: answers.name,
        namespace: answers.namespace,
        podSecurity: levelOf(charts, answers.namespace),
        charts,
        manifests: withoutLayer(manifests),
      },
    ]
  }
  const layers: PlannedLayer[] = []
  const add = (
    layer: (typeof LAYERS)[number],
    members: PlannedChart[],
    objects: typeof manifests,
    part?: string,
  ) => {
    const position = String(layers.length + 1).padStart(2, '0')
    const id = part ? `${layer.id}-${part}` : layer.id
    const namespace = namespaces.get(layer.id)!
    layers.push({
      id: layer.id,
      title: part ? `${layer.title}: ${part}` : layer.title,
      why: layer.why,
      dir: `${position}-${id}`,
      release: `${answers.name}-${id}`,
      namespace,
      podSecurity: levelOf(members, namespace),
      charts: members,
      manifests: withoutLayer(objects),
    })
  }
  for (const layer of LAYERS) {
    const members = charts.filter((chart) => chart.layer === layer.id)
    const objects = manifests.filter((manifest) => manifest.layer === layer.id)
    if (members.length === 0 && objects.length === 0) continue
    if ('releasePerComponent' in layer && layer.releasePerComponent) {
      const components = [
        ...new Set([...members.map((chart) => chart.component), ...objects.map((m) => m.component)]),
      ]
      for (const component of components) {
        add(
          layer,
          members.filter((chart) => chart.component === component),
          objects.filter((manifest) => manifest.component === component),
          component,
        )
      }
    } else {
      add(layer, members, objects)
    }
  }
  return layers
}

function dedupeEdges(edges: WiringEdge[]): WiringEdge[] {
  const seen = new Set<string>()
  return edges.filter((edge) => {
    const key = `${edge.from}|${edge.to}|${edge.what}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
