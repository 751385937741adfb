import {gitSourceOf} from '../answers/gitops.js'
import {CATEGORIES} from '../catalog/categories.js'
import {type InstallStep, stepsOf} from '../plan/install-steps.js'
import type {Plan, PlannedLayer} from '../plan/types.js'
import {escapeHelmTemplate} from './file-set.js'
import {ARGOCD_NAMESPACE, clusterValuesPath, FLUX_NAMESPACE, GITOPS_DIR, STACK_LABEL} from './gitops.js'

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

/** The release timeout of every install command: the slowest charts (ECK, Istio) need minutes. */
export const INSTALL_TIMEOUT = '10m'

/**
 * The shell commands of one install step, as the README, init's next steps and `install --dry-run`
 * print them. A Secrets step has none: its values are the user's to choose.
 */
export function stepCommands(step: InstallStep): string[] {
  switch (step.kind) {
    case 'namespaces':
      return [`kubectl apply -f ${step.file}`]
    case 'secrets':
      return []
    case 'release':
      return [
        `helm dependency update ./${step.dir}`,
        `helm upgrade --install ${step.release} ./${step.dir} --namespace ${step.namespace} --create-namespace --wait --timeout ${INSTALL_TIMEOUT}`,
      ]
  }
}

/** The release step that installs a layer. */
function releaseStep(plan: Plan, layer: PlannedLayer): InstallStep {
  const step = stepsOf(plan.install, 'release').find((candidate) => candidate.dir === layer.dir)
  if (!step) throw new Error(`no install step for layer ${layer.dir}`)
  return step
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
    install: stepCommands(releaseStep(plan, layer)),
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
    registry: plan.answers.registry,
    chartRegistry: plan.answers.chartRegistry,
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
    namespaces: (stepsOf(plan.install, 'namespaces')[0]?.namespaces ?? [])
      .map((namespace) => `\`${namespace.name}\` ${namespace.podSecurity}`)
      .join(', '),
    layers: plan.layers.map((layer, index) => layerModel(plan, layer, index)),
    uninstall: stepsOf(plan.install, 'release')
      .reverse()
      .map((step) => `helm uninstall ${step.release} --namespace ${step.namespace} --wait`),
    gitops: gitopsModel(plan),
  }
  return templates.readme(model)
}

/** The GitOps section's facts: where the engine clones from, and the order it installs the layers in. */
function gitopsModel(plan: Plan) {
  const source = gitSourceOf(plan.answers)
  if (!source) return undefined
  const releases = stepsOf(plan.install, 'release')
  const first = releases[0]!
  return {
    argocd: source.engine === 'argocd',
    flux: source.engine === 'flux',
    ...source,
    stackLabel: STACK_LABEL,
    argocdNamespace: ARGOCD_NAMESPACE,
    fluxNamespace: FLUX_NAMESPACE,
    dir: GITOPS_DIR[source.engine],
    exampleValues: clusterValuesPath(source, 'edge-1', first),
    order: releases.map((step, index) => ({
      position: index + 1,
      release: step.release,
      namespace: step.namespace,
      after: releases[index - 1]?.release,
    })),
  }
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
