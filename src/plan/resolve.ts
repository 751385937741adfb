import type {Answers} from '../answers/schema.js'
import {inlineSecretPaths} from '../answers/secrets.js'
import {type Catalog, clusterOf, componentOrder} from '../catalog/index.js'
import {
  type ChartSettings,
  type ClusterFlavourSpec,
  type ExposedUi,
  LAYERS,
  type LayerId,
  type LayerManifest,
  type RewrittenField,
  type SecretPrerequisite,
  type WiringContext,
} from '../catalog/types.js'
import {closest, type Problem, UserError} from '../errors.js'
import {
  checkSelection,
  NEEDS_ALLOW_RETIRED,
  type SelectedComponent,
  selectComponents,
  selectionOf,
} from './check-selection.js'
import {clusterWarnings} from './cluster-rules.js'
import {gitopsProblems} from './gitops.js'
import {installSteps} from './install-steps.js'
import type {Plan, PlannedChart, PlannedLayer, PlanWarning, WarningSeverity, WiringEdge} from './types.js'

/** Helm's limit on release names. */
export const HELM_RELEASE_NAME_MAX = 53

/**
 * Turns complete, schema-valid answers into a Plan: which components, why, in which install layer,
 * with which values. Pure — no I/O, no clock — so the same answers always give the same plan.
 * Every problem is collected and thrown once as a UserError.
 */
export function resolvePlan(answers: Answers, catalog: Catalog): Plan {
  const order = componentOrder(catalog)
  const planned = selectComponents(answers, catalog).sort((a, b) => order(a.component, b.component))
  const selectionProblems = checkSelection(answers, catalog, undefined, planned)
  const problems: Problem[] = selectionProblems.map(({source, message, hint}) => ({
    source,
    message,
    ...(hint ? {hint} : {}),
  }))
  problems.push(...valuesProblems(answers, planned), ...gitopsProblems(answers))
  if (problems.length > 0) {
    const retiredOnly =
      problems.length === selectionProblems.length &&
      selectionProblems.every((problem) => problem.short === NEEDS_ALLOW_RETIRED)
    throw new UserError(
      'INVALID_PLAN',
      retiredOnly ? 'A retired component is refused' : 'These choices do not work together',
      problems,
    )
  }

  const flavour = clusterOf(catalog, answers.cluster)
  const warnings = [...collectWarnings(answers, planned, flavour), ...unusedAnswerWarnings(answers, catalog)]
  const namespaces = layerNamespaces(answers, planned)
  const ctx = createContext(answers, planned, namespaces, flavour)
  const settings: ChartSettings = {}
  const prerequisites: SecretPrerequisite[] = []
  const manifests: Array<LayerManifest & {component: string}> = []
  const rewritten: RewrittenField[] = []
  for (const {component} of planned) {
    Object.assign(settings, component.configure(ctx))
    if (answers.registry)
      for (const [alias, list] of Object.entries(component.mirror?.(answers.registry, ctx) ?? {}))
        settings[alias] = [...(settings[alias] ?? []), ...list]
    prerequisites.push(...(component.prerequisites?.(ctx) ?? []))
    for (const manifest of component.manifests?.(ctx) ?? [])
      manifests.push({...manifest, component: component.id})
    rewritten.push(...(component.rewrittenFields?.(ctx) ?? []))
  }

  const charts: PlannedChart[] = planned.flatMap(({component}) =>
    component.charts.map((chart) => {
      const userValues = answers.values[chart.alias]
      const rewrittenFields = rewritten.filter((field) => field.alias === chart.alias)
      return {
        alias: chart.alias,
        chart: chart.chart,
        version: chart.version,
        repository: chartSource(chart.repository, answers.chartRegistry),
        component: component.id,
        layer: chart.layer,
        settings: settings[chart.alias] ?? [],
        ...(userValues ? {userValues} : {}),
        ...(chart.largeCrds ? {largeCrds: true as const} : {}),
        ...(rewrittenFields.length > 0 ? {rewrittenFields} : {}),
      }
    }),
  )

  if (answers.layout === 'single') {
    warnings.push({
      code: 'LAYOUT',
      severity: 'caution',
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
    warnings: rankWarnings(warnings),
    wiring: wiringOf(planned, ctx),
    exposed: exposedUis(planned, ctx),
    prerequisites,
    install: installSteps(layers, prerequisites),
  }
}

type Selected = SelectedComponent

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

function collectWarnings(answers: Answers, planned: Selected[], flavour: ClusterFlavourSpec): PlanWarning[] {
  const warnings: PlanWarning[] = []
  const selection = selectionOf(planned)
  for (const {component} of planned) {
    if (component.lifecycle.status !== 'maintained') {
      const status = component.lifecycle.status
      warnings.push({
        code: 'LIFECYCLE',
        severity: status === 'moved' || status === 'edge-only' ? 'notice' : 'caution',
        component: component.id,
        message: `${component.title}: ${component.lifecycle.note}${component.lifecycle.unfixed ? ` ${component.lifecycle.unfixed}` : ''}`,
        ...(component.lifecycle.alternatives ? {alternatives: component.lifecycle.alternatives} : {}),
      })
    }
    for (const message of component.warnings?.(answers, selection, flavour) ?? []) {
      warnings.push({code: 'COMPONENT', severity: 'caution', component: component.id, message})
    }
  }
  for (const message of clusterWarnings(answers, flavour, selection))
    warnings.push({code: 'CLUSTER', severity: 'action', message})
  return warnings
}

/**
 * Component answers set to something other than their default where they do not apply (an Istio data
 * plane without Istio): nothing reads them, which a person who set them should hear.
 */
function unusedAnswerWarnings(answers: Answers, catalog: Catalog): PlanWarning[] {
  const warnings: PlanWarning[] = []
  const given = answers as unknown as Record<string, unknown>
  for (const component of catalog.components)
    for (const answer of component.answers ?? []) {
      const value = given[answer.key]
      if (value === undefined || !answer.applies || answer.applies(answers)) continue
      if (JSON.stringify(value) === JSON.stringify(answer.default)) continue
      const dependsOn = (answer.after ?? [])
        .map((key) => `${key}: ${JSON.stringify(given[key] ?? null)}`)
        .join(', ')
      warnings.push({
        code: 'UNUSED_ANSWER',
        severity: 'notice',
        message: `--${answer.flag} ${typeof value === 'string' ? value : JSON.stringify(value)} is not used by this stack${dependsOn ? ` (it depends on ${dependsOn})` : ''}.`,
      })
    }
  return warnings
}

const SEVERITY_ORDER: WarningSeverity[] = ['action', 'caution', 'notice']

/** Most severe first (stable within a severity), and each message once. */
export function rankWarnings(warnings: PlanWarning[]): PlanWarning[] {
  const seen = new Set<string>()
  return warnings
    .filter((warning) => !seen.has(warning.message) && seen.add(warning.message))
    .map((warning, index) => ({warning, index}))
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.warning.severity) - SEVERITY_ORDER.indexOf(b.warning.severity) ||
        a.index - b.index,
    )
    .map(({warning}) => warning)
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
  // A layer shared by components that each name a namespace for it goes to the first in plan order.
  const claimed = new Set<LayerId>()
  for (const {component} of planned) {
    for (const [layer, namespace] of Object.entries(component.layerNamespaces ?? {}) as [LayerId, string][]) {
      if (claimed.has(layer)) continue
      claimed.add(layer)
      namespaces.set(layer, namespace)
    }
  }
  return namespaces
}

/**
 * The one context every component computes its values with. Reading it records nothing: the
 * wiring is derived afterwards from what the components declare (wiringOf), so the plan does not
 * depend on which getters a module happens to read, or in which order.
 */
function createContext(
  answers: Answers,
  planned: Selected[],
  namespaces: Map<LayerId, string>,
  flavour: ClusterFlavourSpec,
): WiringContext {
  const byId = new Map(planned.map(({component}) => [component.id, component]))
  const components = planned.map(({component}) => component)
  const ingress = components.find((component) => component.ingressClass)
  const collector = components.find((component) => component.collects)
  const store = components.find((component) => component.logSink)
  const ctx: WiringContext = {
    answers,
    cluster: flavour,
    has: (id) => byId.has(id),
    namespaceOf(id) {
      const component = byId.get(id)
      if (!component) throw new Error(`namespaceOf(${id}): not in the plan`)
      return namespaces.get(component.charts.at(-1)!.layer)!
    },
    monitoring: collector?.collects ?? 'none',
    ...(ingress?.ingressClass ? {ingressClass: ingress.ingressClass} : {}),
    hostFor: (app) => (answers.domain && ingress ? `${app}.${answers.domain}` : undefined),
    logSink: () => store?.logSink?.(ctx),
    datasources: () => components.flatMap((component) => component.datasources?.(ctx) ?? []),
    scrapeTargets: () => {
      const targets = components.map((component) => component.scrapeTargets?.(ctx))
      return {
        serviceMonitors: targets.flatMap((target) => target?.serviceMonitors ?? []),
        podMonitors: targets.flatMap((target) => target?.podMonitors ?? []),
      }
    },
    trustBundles: () => components.flatMap((component) => component.trustBundles?.(ctx) ?? []),
  }
  return ctx
}

/** The UIs exposed under the domain, from the components that declare one. */
function exposedUis(planned: Selected[], ctx: WiringContext): ExposedUi[] {
  return planned.flatMap(({component}) => {
    const host = component.ui ? ctx.hostFor(component.ui) : undefined
    return host ? [{component: component.id, host}] : []
  })
}

/** Who feeds whom, derived from what each component declares. */
function wiringOf(planned: Selected[], ctx: WiringContext): WiringEdge[] {
  const components = planned.map(({component}) => component)
  const ingress = components.find((component) => component.ingressClass)
  const collector = components.find((component) => component.collects)
  const store = components.find((component) => component.logSink)
  const edges: WiringEdge[] = []
  for (const component of components) {
    if (component.ui && ingress) {
      const host = ctx.hostFor(component.ui)
      if (host) edges.push({from: component.id, to: ingress.id, what: `exposed at https://${host}`})
    }
    if (collector && collector !== component && component.scrapedBy?.includes(collector.collects!)) {
      edges.push({from: component.id, to: collector.id, what: 'metrics scraped'})
    }
    if (component.shipsLogs && store) edges.push({from: component.id, to: store.id, what: 'log output'})
    if (component.readsDatasources) {
      for (const other of components) {
        if (other !== component && (other.datasources?.(ctx).length ?? 0) > 0)
          edges.push({from: component.id, to: other.id, what: 'Grafana datasource'})
      }
    }
  }
  return edges
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
    const id = part ? `${layer.id}-${part}` : layer.id
    const namespace = namespaces.get(layer.id)!
    layers.push({
      id: layer.id,
      title: part ? `${layer.title}: ${part}` : layer.title,
      why: layer.why,
      dir: `${layer.position}-${id}`,
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

/** A chart's repository, or the OCI chart mirror when the stack names one (charts shipped in charts/ stay). */
function chartSource(repository: string, chartRegistry: string | undefined): string {
  return chartRegistry && !repository.startsWith('file://') ? chartRegistry : repository
}
