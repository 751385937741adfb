/**
 * The questionnaire as a pure function of the answers so far: which question comes next, its
 * choices (with description, chart version, lifecycle status, and the choices that cannot be taken
 * now, with the reason), its default (from the preset and the cluster flavour), and validation of
 * free text against the answers schema. No I/O: cli/questionnaire.ts asks the questions.
 *
 * Rules (each question is asked only when it is unanswered and still applies):
 * - name, cluster, then the preset (only while a question whose default depends on it is open),
 *   then category by category in the schema's order;
 * - cni: not asked on clusters whose CNI is built in (eks, gke, aks, k3s, rke2): `none`, with a note
 *   (pass --cni to replace the built-in one);
 * - podCidr: when a CNI is installed, or Linkerd needs the pod range;
 * - domain: only with an ingress controller; tlsIssuer: only with a domain;
 * - certManager: only when something needs it (UIs under a domain, Linkerd);
 * - alertReceivers: only with kube-prometheus-stack (its Alertmanager receives them);
 * - logStore: only with a log agent (otherwise `none`), and then `none` is not offered;
 * - dashboards: Kibana only with Elasticsearch, OpenSearch Dashboards only with OpenSearch;
 * - layout, then namespace: only when something runs in the platform namespace.
 * Choices that break a requirement or conflict of the catalog, given the questions answered so far,
 * are shown disabled with the reason.
 */
import {completeAnswers} from '../answers/complete.js'
import {clusterDefaults, DEFAULT_PRESET, PRESET_DEFINITIONS} from '../answers/presets.js'
import {
  type AlertReceiver,
  ANSWERS_API_VERSION,
  type AnswersInput,
  answersSchema,
  type ClusterFlavour,
  PRESETS,
  type PresetName,
  type QuestionKey,
  questionKeys,
  questionMeta,
  RECEIVER_TYPES,
  type ReceiverType,
} from '../answers/schema.js'
import type {Catalog} from '../catalog/index.js'
import type {Component, LifecycleStatus} from '../catalog/types.js'
import {BUILT_IN_CNI, clusterWarnings} from '../plan/cluster-rules.js'
import {validateAnswersInput} from '../schema/validate-answers.js'

export type QuestionId = QuestionKey | 'preset'

export interface QuestionChoice {
  value: string
  /** Component title, or a short name for choices that are not components. */
  title: string
  /** Main chart and its pinned version, for components. */
  chart?: string
  version?: string
  status?: LifecycleStatus
  /** Short lifecycle label: maintained, retired, unmaintained, chart moved, edge only. */
  statusLabel?: string
  /** One line: what it is (for retired and unmaintained ones, what to use instead comes first). */
  summary: string
  /** The whole story, shown while the choice is highlighted. */
  detail: string
  /** Why it cannot be chosen given the earlier answers (short), when it cannot. */
  disabled?: string
}

interface QuestionBase {
  id: QuestionId
  message: string
  /** The flag that answers this question without asking. */
  flag: string
  /** A sentence of context, shown before questions that need it. */
  help?: string
}

export type Question =
  | (QuestionBase & {
      kind: 'text'
      default?: string
      /** Empty text is a valid answer (no value). */
      optional: boolean
      validate(text: string): string | undefined
    })
  | (QuestionBase & {kind: 'select'; choices: QuestionChoice[]; default: string})
  | (QuestionBase & {kind: 'multiselect'; choices: QuestionChoice[]; default: string[]})
  | (QuestionBase & {kind: 'confirm'; default: boolean})
  | (QuestionBase & {kind: 'receivers'; default: AlertReceiver[]})

export type AnswerValue = string | string[] | boolean | AlertReceiver[]

export interface QuestionnaireState {
  /** Answers from flags, the answers file and the environment: never asked. */
  readonly given: AnswersInput
  /** The given answers plus everything answered or decided so far. */
  readonly answers: AnswersInput
  /** Questions asked, or decided without asking. */
  readonly settled: ReadonlySet<QuestionId>
}

export interface FlowContext {
  catalog: Catalog
  /** Default for the stack name (the target directory's name, when it is a valid one). */
  suggestedName?: string
}

/** Questionnaire order: the schema's, with the preset right after the cluster flavour. */
export function questionOrder(): QuestionId[] {
  const keys = questionKeys()
  const order: QuestionId[] = []
  for (const key of keys) {
    order.push(key)
    if (key === 'cluster') order.push('preset')
  }
  return order
}

export function startQuestionnaire(given: AnswersInput): QuestionnaireState {
  return {given, answers: {...given}, settled: new Set()}
}

const CLUSTER_SUMMARY: Record<ClusterFlavour, string> = {
  generic: 'A cluster you run yourself: prodstack installs the pod network and metrics-server',
  kubeadm: 'Built with kubeadm, which brings no pod network: prodstack installs one',
  k3s: 'Lightweight Kubernetes; Flannel, Traefik and metrics-server are built in',
  rke2: 'Rancher RKE2; Canal, an ingress controller and metrics-server are built in',
  eks: 'Amazon EKS; the Amazon VPC CNI is built in',
  gke: 'Google GKE; its dataplane and metrics-server are built in',
  aks: 'Azure AKS; Azure CNI and metrics-server are built in',
}

const LAYOUT_SUMMARY: Record<string, string> = {
  layered: 'One chart per install layer, installed in order (recommended)',
  single:
    'One chart for everything, for small or throwaway clusters: Helm cannot order what one release installs',
}

const RECEIVER_SUMMARY: Record<ReceiverType, string> = {
  pagerduty: 'PagerDuty Events API v2; the routing key is read from a Secret',
  opsgenie: 'Opsgenie; the API key is read from a Secret',
  email: 'E-mail through your SMTP server; the password is read from a Secret',
  slack: 'Slack incoming webhook; the webhook URL is read from a Secret',
}

const RECEIVER_KEY_DEFAULT: Record<ReceiverType, string> = {
  pagerduty: 'routing-key',
  opsgenie: 'api-key',
  email: 'smtp-password',
  slack: 'webhook-url',
}

/** What `none` means for each component question. */
const NONE_SUMMARY: Partial<Record<QuestionKey, string>> = {
  cni: 'Keep the pod network the cluster already runs',
  ingress: 'No ingress controller: no UI is exposed',
  mesh: 'No service mesh',
  metrics: 'No metrics or alerting',
  logging: 'No log shipping',
  logStore: 'No log store',
}

/** The question that chooses each catalog category. */
const CATEGORY_QUESTION: Record<string, QuestionKey> = {
  cni: 'cni',
  ingress: 'ingress',
  mesh: 'mesh',
  metrics: 'metrics',
  logging: 'logging',
  'log-store': 'logStore',
  dashboards: 'dashboards',
  essentials: 'certManager',
}

function questionOf(component: Component): QuestionKey {
  if (component.id === 'metrics-server') return 'metricsServer'
  return CATEGORY_QUESTION[component.category] ?? 'cni'
}

function find(catalog: Catalog, id: string): Component | undefined {
  return catalog.components.find((component) => component.id === id)
}

/** The given or answered value, or the one a skipped question was decided to. */
function known<K extends QuestionId>(state: QuestionnaireState, key: K): AnswersInput[K] | undefined {
  return state.answers[key]
}

function isKnown(state: QuestionnaireState, key: QuestionId): boolean {
  return state.answers[key] !== undefined || state.settled.has(key)
}

/** Answers so far, completed from the preset and cluster defaults (for defaults and catalog rules). */
const completed = completeAnswers

type Decision = {ask: true} | {ask: false; later: true} | {ask: false; value?: AnswerValue; note?: string}

const ASK: Decision = {ask: true}
const LATER: Decision = {ask: false, later: true}

/** The keys whose default differs between presets: the preset matters while one of them is open. */
function presetDependentKeys(): QuestionKey[] {
  const presets = Object.values(PRESET_DEFINITIONS)
  return questionKeys().filter((key) => {
    const values = presets.map((preset) => JSON.stringify((preset.answers as Record<string, unknown>)[key]))
    return new Set(values).size > 1
  })
}

function platformComponents(state: QuestionnaireState, ctx: FlowContext): Component[] {
  const answers = completed(state.answers)
  return ctx.catalog.components.filter(
    (component) =>
      isKnown(state, questionOf(component)) &&
      component.chosenBy(answers) &&
      component.charts.some((chart) => chart.layer === 'platform'),
  )
}

function decide(id: QuestionId, state: QuestionnaireState, ctx: FlowContext): Decision {
  const cluster = known(state, 'cluster')
  switch (id) {
    case 'preset':
      return presetDependentKeys().some((key) => !isKnown(state, key)) ? ASK : {ask: false}
    case 'cni': {
      const builtIn = cluster ? BUILT_IN_CNI[cluster] : undefined
      if (!builtIn) return ASK
      return {
        ask: false,
        value: 'none',
        note: `${cluster} clusters already run ${builtIn}, so no pod network is installed (pass --cni cilium to replace it).`,
      }
    }
    case 'podCidr': {
      if (known(state, 'cni') !== 'none') return ASK
      const mesh = known(state, 'mesh')
      if (mesh === 'linkerd') return ASK
      return isKnown(state, 'mesh') ? {ask: false} : LATER
    }
    case 'domain':
      return known(state, 'ingress') === 'none'
        ? {ask: false, note: 'No ingress controller, so no UI is exposed and no domain is needed.'}
        : ASK
    case 'tlsIssuer':
      return known(state, 'domain') && known(state, 'ingress') !== 'none' ? ASK : {ask: false}
    case 'certManager': {
      if (certManagerReason(state)) return ASK
      return isKnown(state, 'mesh') ? {ask: false} : LATER
    }
    case 'alertReceivers':
      return known(state, 'metrics') === 'kube-prometheus-stack' ? ASK : {ask: false, value: []}
    case 'logStore':
      return known(state, 'logging') === 'none'
        ? {ask: false, value: 'none', note: 'No log agent, so no log store either.'}
        : ASK
    case 'namespace': {
      if (!isKnown(state, 'layout')) return LATER
      if (known(state, 'layout') === 'single') return ASK
      return platformComponents(state, ctx).length > 0 ? ASK : {ask: false}
    }
    default:
      return ASK
  }
}

/** Why cert-manager would be installed, given the answers so far; undefined when nothing needs it. */
function certManagerReason(state: QuestionnaireState): string | undefined {
  const domain = known(state, 'domain')
  if (known(state, 'mesh') === 'linkerd') return "Linkerd's identity certificates come from cert-manager"
  if (domain && known(state, 'ingress') !== 'none')
    return `it issues the TLS certificates of the UIs under ${domain}`
  return undefined
}

function settle(state: QuestionnaireState, id: QuestionId, value?: AnswerValue): QuestionnaireState {
  const answers: Record<string, unknown> = {...state.answers}
  if (value === undefined) delete answers[id]
  else answers[id] = value
  return {given: state.given, answers: answers as AnswersInput, settled: new Set([...state.settled, id])}
}

/**
 * Decides every question that needs no asking up to the next one that does, and returns that one
 * (undefined when the questionnaire is complete), with notes about what was decided and why.
 */
export function nextStep(
  state: QuestionnaireState,
  ctx: FlowContext,
): {state: QuestionnaireState; question?: Question; notes: string[]} {
  const notes: string[] = []
  const order = questionOrder()
  let current = state
  let progress = true
  while (progress) {
    progress = false
    for (const id of order) {
      if (isKnown(current, id)) continue
      const decision = decide(id, current, ctx)
      if (decision.ask) return {state: current, question: buildQuestion(id, current, ctx), notes}
      if ('later' in decision) continue
      current = settle(current, id, decision.value)
      if (decision.note) notes.push(decision.note)
      progress = true
      break
    }
  }
  // Only questions waiting on others remain, and those were all decided: settle them with defaults.
  for (const id of order) if (!isKnown(current, id)) current = settle(current, id)
  return {state: current, notes}
}

/** Records an answer; returns notes about it (lifecycle, what the cluster already runs). */
export function answerQuestion(
  state: QuestionnaireState,
  question: Question,
  value: AnswerValue,
  ctx: FlowContext,
): {state: QuestionnaireState; notes: string[]} {
  let stored: AnswerValue | undefined = value
  if (question.kind === 'text') {
    const text = String(value).trim()
    stored = text === '' ? (question.optional ? undefined : question.default) : text
  }
  const next = settle(state, question.id, stored)
  const notes: string[] = []
  if (question.kind === 'select' || question.kind === 'multiselect') {
    const picked = Array.isArray(value) ? (value as string[]) : [String(value)]
    for (const choice of question.choices) {
      if (!picked.includes(choice.value)) continue
      const component = find(ctx.catalog, choice.value)
      if (component && ['retired', 'unmaintained', 'edge-only'].includes(component.lifecycle.status)) {
        notes.push(`${component.title}: ${component.lifecycle.note}`)
      }
      notes.push(...clusterCautions(state, question.id, choice.value))
    }
  }
  if (question.kind === 'confirm') {
    if (value === true) notes.push(...clusterCautions(state, question.id, true))
    if (question.id === 'certManager' && value === false) {
      notes.push('cert-manager must then already run in the cluster before the stack is installed.')
    }
  }
  return {state: next, notes}
}

/** The answers the questionnaire adds to the given ones (unasked questions stay unanswered). */
export function finishQuestionnaire(state: QuestionnaireState): AnswersInput {
  return {...state.answers}
}

function buildQuestion(id: QuestionId, state: QuestionnaireState, ctx: FlowContext): Question {
  if (id === 'preset') return presetQuestion(state)
  const meta = questionMeta(id)
  const base = {id, message: meta.question, flag: `--${meta.flag}`}
  const defaults = completed(state.answers) as unknown as Record<string, unknown>
  switch (id) {
    case 'name':
      return textQuestion(base, id, suggestedName(ctx) ?? String(defaults.name), false)
    case 'podCidr':
      return {
        ...textQuestion(base, id, String(defaults.podCidr), false),
        help:
          known(state, 'cni') === 'none'
            ? "Linkerd needs the cluster's pod address range, to tell in-cluster traffic from the rest."
            : "It must match the cluster's --cluster-cidr (kubeadm: --pod-network-cidr).",
      }
    case 'domain':
      return {
        ...textQuestion(base, id, undefined, true),
        help: 'UIs are served at <app>.<domain> with TLS from cert-manager; leave it empty to expose nothing.',
      }
    case 'tlsIssuer':
      return {
        ...textQuestion(base, id, String(defaults.tlsIssuer), false),
        help: 'prodstack does not create the ClusterIssuer: create it once cert-manager is installed.',
      }
    case 'namespace':
      return textQuestion(base, id, String(defaults.namespace), false)
    case 'cluster':
      return {
        ...base,
        kind: 'select',
        default: String(defaults.cluster),
        choices: (answersSchema.properties.cluster.enum as readonly ClusterFlavour[]).map((value) => ({
          value,
          title: value,
          summary: CLUSTER_SUMMARY[value],
          detail: CLUSTER_SUMMARY[value],
        })),
      }
    case 'layout':
      return {
        ...base,
        kind: 'select',
        default: String(defaults.layout),
        choices: answersSchema.properties.layout.enum.map((value) => ({
          value,
          title: value,
          summary: LAYOUT_SUMMARY[value] ?? value,
          detail: LAYOUT_SUMMARY[value] ?? value,
        })),
      }
    case 'certManager':
      return {
        ...base,
        kind: 'confirm',
        message: `${meta.question} ${versionOf(ctx, 'cert-manager')}?`,
        default: Boolean(defaults.certManager),
        help: `cert-manager is needed because ${certManagerReason(state)}. Answer no only if the cluster already runs it: install it once per cluster.`,
      }
    case 'metricsServer': {
      const cluster = known(state, 'cluster')
      return {
        ...base,
        kind: 'confirm',
        message: `${meta.question} ${versionOf(ctx, 'metrics-server')}?`,
        default: Boolean(defaults.metricsServer),
        help:
          cluster && clusterDefaults(cluster).metricsServer === false
            ? `It serves kubectl top and the HorizontalPodAutoscaler; ${cluster} clusters usually run one already.`
            : 'It serves kubectl top and the HorizontalPodAutoscaler.',
      }
    }
    case 'alertReceivers':
      return {
        ...base,
        kind: 'receivers',
        default: (defaults.alertReceivers as AlertReceiver[]) ?? [],
        help: 'Without a receiver, alerts only show in the Alertmanager UI. Credentials stay in Secrets you create.',
      }
    case 'dashboards':
      return multiselectQuestion(base, state, ctx, defaults.dashboards as string[])
    default:
      return selectQuestion(base, id, state, ctx, String(defaults[id]))
  }
}

/** The suggested stack name, when it is a valid one. */
function suggestedName(ctx: FlowContext): string | undefined {
  const name = ctx.suggestedName
  return name && !validateAnswer('name', name) ? name : undefined
}

function presetQuestion(state: QuestionnaireState): Question {
  return {
    id: 'preset',
    message: 'Starting point',
    flag: '--preset',
    kind: 'select',
    default: state.answers.preset ?? DEFAULT_PRESET,
    help: 'A preset pre-selects the answers that follow; you can change each of them.',
    choices: PRESETS.map((value: PresetName) => ({
      value,
      title: value,
      summary: PRESET_DEFINITIONS[value].summary,
      detail: PRESET_DEFINITIONS[value].summary,
    })),
  }
}

function textQuestion(
  base: QuestionBase,
  key: QuestionKey,
  fallback: string | undefined,
  optional: boolean,
): Question {
  return {
    ...base,
    kind: 'text',
    ...(fallback !== undefined ? {default: fallback} : {}),
    optional,
    validate: (text) => {
      const value = text.trim()
      if (value === '') return optional || fallback !== undefined ? undefined : 'enter a value'
      return validateAnswer(key, value)
    },
  }
}

/**
 * Checks one answer against the answers schema (the same check as for flags and files); returns
 * the problem as one sentence, or undefined.
 */
export function validateAnswer(key: QuestionKey, value: unknown): string | undefined {
  const problems = validateAnswersInput({apiVersion: ANSWERS_API_VERSION, [key]: value}, (path) =>
    path.join('.'),
  )
  const problem = problems[0]
  return problem ? `${problem.message}${problem.hint ? ` (${problem.hint})` : ''}` : undefined
}

function mainChart(component: Component) {
  return component.charts.at(-1)!
}

function versionOf(ctx: FlowContext, id: string): string {
  const component = find(ctx.catalog, id)
  return component ? mainChart(component).version : ''
}

function statusLabel(status: LifecycleStatus): string {
  switch (status) {
    case 'moved':
      return 'chart moved'
    case 'edge-only':
      return 'edge only'
    default:
      return status
  }
}

function firstClause(text: string): string {
  const match = /^(.*?)(?:[.;:](?:\s|$)|$)/.exec(text)
  return (match?.[1] ?? text).trim()
}

function componentChoice(component: Component, ctx: FlowContext): QuestionChoice {
  const chart = mainChart(component)
  const {status, note, alternatives} = component.lifecycle
  const instead =
    (status === 'retired' || status === 'unmaintained') && alternatives?.length
      ? `use ${listOf(alternatives)} instead. `
      : ''
  const names = alternatives && listOf(alternatives.map((id) => find(ctx.catalog, id)?.title ?? id))
  return {
    value: component.id,
    title: component.title,
    chart: chart.chart,
    version: chart.version,
    status,
    statusLabel: statusLabel(status),
    summary: `${instead ? instead.charAt(0).toUpperCase() + instead.slice(1) : ''}${firstClause(component.description)}`,
    detail: `${component.description} ${note}${names && status === 'edge-only' ? ` Alternative: ${names}.` : ''}`,
  }
}

function choicesFor(key: QuestionKey, state: QuestionnaireState, ctx: FlowContext): QuestionChoice[] {
  const spec = answersSchema.properties[key] as {enum?: readonly string[]; items?: {enum?: readonly string[]}}
  const values = spec.enum ?? spec.items?.enum ?? []
  return values.map((value) => {
    const component = find(ctx.catalog, value)
    const choice: QuestionChoice = component
      ? componentChoice(component, ctx)
      : {value, title: value, summary: NONE_SUMMARY[key] ?? value, detail: NONE_SUMMARY[key] ?? value}
    const cautions = clusterCautions(state, key, key === 'dashboards' ? [value] : value)
    if (cautions.length > 0) choice.detail = `${choice.detail} ${cautions.join(' ')}`
    const problem = choiceProblem(state, key, value, ctx)
    if (problem) {
      choice.disabled = problem.short
      choice.detail = `${choice.detail} Not available: ${problem.long}.`
    }
    return choice
  })
}

function selectQuestion(
  base: QuestionBase,
  key: QuestionKey,
  state: QuestionnaireState,
  ctx: FlowContext,
  preferred: string,
): Question {
  const choices = choicesFor(key, state, ctx)
  const enabled = choices.filter((choice) => !choice.disabled).map((choice) => choice.value)
  const standard = String(
    (completed({...state.answers, preset: DEFAULT_PRESET}) as unknown as Record<string, unknown>)[key],
  )
  const fallback = [preferred, standard].find((value) => enabled.includes(value)) ?? enabled[0] ?? preferred
  return {...base, kind: 'select', choices, default: fallback}
}

function multiselectQuestion(
  base: QuestionBase,
  state: QuestionnaireState,
  ctx: FlowContext,
  preferred: string[],
): Question {
  const choices = choicesFor('dashboards', state, ctx)
  const enabled = new Set(choices.filter((choice) => !choice.disabled).map((choice) => choice.value))
  return {...base, kind: 'multiselect', choices, default: preferred.filter((value) => enabled.has(value))}
}

/**
 * Why choosing `value` for `key` cannot work, given the questions already answered: a catalog
 * requirement left unmet or a conflict, or one of the planner's rules between answers.
 */
export function choiceProblem(
  state: QuestionnaireState,
  key: QuestionKey,
  value: string,
  ctx: FlowContext,
): {short: string; long: string} | undefined {
  const trial = settle(state, key, key === 'dashboards' ? [value] : value)
  if (key === 'ingress' && value === 'none' && known(state, 'domain')) {
    return {
      short: `UIs under ${known(state, 'domain')} need one`,
      long: `the UIs under ${known(state, 'domain')} need an ingress controller`,
    }
  }
  const receivers = known(state, 'alertReceivers')
  if (key === 'metrics' && value !== 'kube-prometheus-stack' && receivers && receivers.length > 0) {
    return {
      short: 'the alert receivers need kube-prometheus-stack',
      long: "alert receivers are wired into kube-prometheus-stack's Alertmanager",
    }
  }
  const answers = completed(trial.answers)
  const decided = (question: QuestionKey) => question === key || isKnown(state, question)
  const chosen = ctx.catalog.components.filter(
    (component) => decided(questionOf(component)) && component.chosenBy(answers),
  )
  const ids = new Set(chosen.map((component) => component.id))
  for (const component of chosen) {
    const own = questionOf(component) === key
    for (const requirement of component.requires ?? []) {
      const questions = requirement.anyOf.map((id) => {
        const other = find(ctx.catalog, id)
        return other ? questionOf(other) : key
      })
      if (!questions.every(decided) || requirement.anyOf.some((id) => ids.has(id))) continue
      if (!own && !questions.includes(key)) continue
      const needs = listOf(requirement.anyOf)
      const titles = listOf(requirement.anyOf.map((id) => find(ctx.catalog, id)?.title ?? id))
      return own
        ? {short: `needs ${needs}`, long: `${component.title} needs ${titles}: ${requirement.why}`}
        : {
            short: `${component.id} needs ${needs}`,
            long: `${component.title} needs ${titles}: ${requirement.why}`,
          }
    }
    for (const conflict of component.conflicts ?? []) {
      if (!ids.has(conflict.with)) continue
      const other = find(ctx.catalog, conflict.with)
      if (!own && (!other || questionOf(other) !== key)) continue
      return {
        short: `conflicts with ${conflict.with}`,
        long: `${component.title} and ${other?.title ?? conflict.with} cannot run together: ${conflict.why}`,
      }
    }
  }
  return undefined
}

/** `a`, `a or b`, `a, b or c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/**
 * What the cluster flavour says about choosing `value` for `key` (k3s already ships Traefik, ...):
 * the cluster warnings this choice adds over choosing nothing.
 */
function clusterCautions(state: QuestionnaireState, key: QuestionId, value: AnswerValue): string[] {
  if (key === 'cluster' || key === 'preset' || !known(state, 'cluster')) return []
  // Compared with choosing nothing: no, an empty list, or none (questions without a none compare nothing).
  const baseline: AnswerValue = typeof value === 'boolean' ? false : Array.isArray(value) ? [] : 'none'
  const schemaEnum = (answersSchema.properties as Record<string, {enum?: readonly string[]}>)[key]?.enum
  if (typeof baseline === 'string' && !schemaEnum?.includes(baseline)) return []
  const before = new Set(clusterWarnings(completed(settle(state, key, baseline).answers)))
  return clusterWarnings(completed(settle(state, key, value).answers)).filter(
    (warning) => !before.has(warning),
  )
}

/** One field of an alert receiver, asked as free text. */
export interface ReceiverField {
  field: keyof AlertReceiver
  message: string
  default?: string
  optional: boolean
  validate(text: string): string | undefined
}

export function receiverTypeChoices(): QuestionChoice[] {
  return RECEIVER_TYPES.map((type) => ({
    value: type,
    title: type,
    summary: RECEIVER_SUMMARY[type],
    detail: RECEIVER_SUMMARY[type],
  }))
}

/** The free-text fields of a receiver of this type, each validated by the answers schema. */
export function receiverFields(type: ReceiverType): ReceiverField[] {
  const credential: Record<ReceiverType, string> = {
    pagerduty: 'PagerDuty routing key',
    opsgenie: 'Opsgenie API key',
    email: 'SMTP password',
    slack: 'Slack webhook URL',
  }
  const field = (
    name: keyof AlertReceiver,
    message: string,
    fallback: string | undefined,
    optional = false,
  ): ReceiverField => ({
    field: name,
    message,
    ...(fallback !== undefined ? {default: fallback} : {}),
    optional,
    validate: (text) => {
      const value = text.trim()
      if (value === '') return optional || fallback !== undefined ? undefined : 'enter a value'
      return validateReceiverField(type, name, value)
    },
  })
  const fields = [
    field(
      'secretName',
      `Secret that holds the ${credential[type]} (in the metrics namespace)`,
      `alertmanager-${type}`,
    ),
    field('secretKey', `Key of the ${credential[type]} in that Secret`, RECEIVER_KEY_DEFAULT[type]),
  ]
  if (type === 'email') {
    fields.push(
      field('to', 'Send alerts to (e-mail address)', undefined),
      field('from', 'Send alerts from (e-mail address)', undefined),
      field('smarthost', 'SMTP server (host:port)', undefined),
      field('username', 'SMTP user name (empty: none)', undefined, true),
    )
  }
  if (type === 'slack')
    fields.push(field('channel', 'Slack channel (empty: the webhook default)', undefined, true))
  return fields
}

/** Checks one receiver field against the answers schema, with valid stand-ins for the others. */
export function validateReceiverField(type: ReceiverType, field: keyof AlertReceiver, value: string) {
  const receiver: Record<string, string> = {
    type,
    secretName: 'stand-in',
    secretKey: 'stand-in',
    ...(type === 'email'
      ? {to: 'a@example.com', from: 'b@example.com', smarthost: 'smtp.example.com:587'}
      : {}),
    [field]: value,
  }
  const problems = validateAnswersInput(
    {apiVersion: ANSWERS_API_VERSION, alertReceivers: [receiver]},
    (path) => path.join('.'),
  )
  const problem = problems.find((candidate) => candidate.source === `alertReceivers.0.${field}`)
  return problem ? `${problem.message}${problem.hint ? ` (${problem.hint})` : ''}` : undefined
}

/** Builds a receiver from the answered fields (empty optional fields left out). */
export function receiverFrom(type: ReceiverType, fields: Partial<Record<keyof AlertReceiver, string>>) {
  const receiver: Record<string, string> = {type}
  for (const [field, value] of Object.entries(fields)) {
    const text = value?.trim()
    if (text) receiver[field] = text
  }
  return receiver as unknown as AlertReceiver
}

/** Maximum number of receivers the schema accepts. */
export const MAX_RECEIVERS = answersSchema.properties.alertReceivers.maxItems
