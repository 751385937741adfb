import {CATEGORIES} from '../catalog/categories.js'
import type {Plan, PlannedLayer} from '../plan/types.js'
import {escapeHelmTemplate} from './file-set.js'
import {NAMESPACES_FILE, stackNamespaces} from './namespaces.js'

/** A compiled prose template: a view model in, text out. */
export type ProseTemplate = (model: object) => string

/** The Handlebars templates of templates/, precompiled at build time (see io/resources.ts). */
export interface ProseTemplates {
  readme: ProseTemplate
  notes: ProseTemplate
}

function titleOf(plan: Plan, id: string): string {
  return plan.components.find((component) => component.id === id)?.title ?? id
}

/** What runs once before the first layer: the namespaces, with their Pod Security labels. */
export function setupCommands(plan: Plan): string[] {
  return stackNamespaces(plan).length > 0 ? [`kubectl apply -f ${NAMESPACES_FILE}`] : []
}

/** One layer's install steps. */
export function installCommands(layer: PlannedLayer): string[] {
  const commands: string[] = []
  commands.push(
    `helm dependency update ./${layer.dir}`,
    `helm upgrade --install ${layer.release} ./${layer.dir} --namespace ${layer.namespace} --create-namespace --wait --timeout 10m`,
  )
  return commands
}

function layerModel(plan: Plan, layer: PlannedLayer, index: number) {
  return {
    position: index + 1,
    title: layer.title,
    why: layer.why,
    dir: layer.dir,
    release: layer.release,
    namespace: layer.namespace,
    chartList:
      layer.charts.map((chart) => `${chart.alias} ${chart.version}`).join(', ') ||
      'none (own templates only)',
    install: installCommands(layer),
    exposed: plan.exposed.map((ui) => ({component: titleOf(plan, ui.component), host: ui.host})),
  }
}

/** README.md at the top of the stack directory. */
export function renderReadme(plan: Plan, templates: ProseTemplates): string {
  const categoryTitle = new Map<string, string>(CATEGORIES.map((category) => [category.id, category.title]))
  const charts = plan.layers.flatMap((layer) => layer.charts.map((chart) => ({...chart, dir: layer.dir})))
  const model = {
    name: plan.answers.name,
    preset: plan.answers.preset,
    cluster: plan.answers.cluster,
    layout: plan.answers.layout,
    tlsIssuer: plan.answers.tlsIssuer,
    components: plan.components.map((component) => {
      const own = charts.filter((chart) => chart.component === component.id)
      return {
        title: component.title,
        category: categoryTitle.get(component.category) ?? component.category,
        charts: own.map((chart) => `${chart.chart} (${chart.repository})`).join('<br>'),
        versions: own.map((chart) => chart.version).join('<br>'),
        layers: [...new Set(own.map((chart) => chart.dir))].join('<br>'),
        reason: component.reason.text,
      }
    }),
    warnings: plan.warnings.map((warning) =>
      warning.alternatives
        ? `${warning.message} Consider: ${warning.alternatives.join(', ')}.`
        : warning.message,
    ),
    wiring: plan.wiring.map((edge) => ({
      from: titleOf(plan, edge.from),
      to: titleOf(plan, edge.to),
      what: edge.what,
    })),
    exposed: plan.exposed.map((ui) => ({component: titleOf(plan, ui.component), host: ui.host})),
    prerequisites: plan.prerequisites.map((secret) => ({
      ...secret,
      keys: secret.keys.map((key) => `\`${key}\``).join(', '),
    })),
    namespaces: stackNamespaces(plan)
      .map((namespace) => `\`${namespace.name}\` ${namespace.podSecurity}`)
      .join(', '),
    layers: plan.layers.map((layer, index) => layerModel(plan, layer, index)),
    uninstall: [...plan.layers]
      .reverse()
      .map((layer) => `helm uninstall ${layer.release} --namespace ${layer.namespace} --wait`),
  }
  return templates.readme(model)
}

/** templates/NOTES.txt of one layer chart. Helm evaluates this file, so the output is made inert. */
export function renderNotes(plan: Plan, layer: PlannedLayer, templates: ProseTemplates): string {
  const index = plan.layers.indexOf(layer)
  const next = plan.layers[index + 1]
  const model = {
    ...layerModel(plan, layer, index),
    stack: plan.answers.name,
    next: next ? layerModel(plan, next, index + 1) : undefined,
  }
  return escapeHelmTemplate(templates.notes(model))
}
