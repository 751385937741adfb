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
 * - layout, then namespace: only when something runs in the platform namespace;
 * - allowRetired, registry, chartRegistry, gitops and the git* answers: never asked (flags or the
 *   answers file).
 * Choices that break a requirement or conflict of the catalog, given the questions answered so far,
 * are shown disabled with the reason.
 */

import {schemaFor} from '../answers/catalog-schema.js'
import {completeAnswers} from '../answers/complete.js'
import {
  type AlertReceiver,
  ANSWERS_API_VERSION,
  type Answers,
  type AnswersInput,
  MAX_ALERT_RECEIVERS,
  type QuestionKey,
  questionKeys,
  questionMeta,
  questionProperty,
  RECEIVER_TYPES,
  type ReceiverType,
} from '../answers/schema.js'
import {type Catalog, choiceOf, choicesOf} from '../catalog/index.js'
import type {AnswerSpec, Component, LifecycleStatus} from '../catalog/types.js'
import {
  checkSelection,
  EMPTY_STACK,
  listOf,
  questionKeyOf,
  selectComponents,
  selectionOf,
} from '../plan/check-selection.js'
import {clusterWarnings} from '../plan/cluster-rules.js'
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
  | (QuestionBase & {
      kind: 'multiselect'
      choices: QuestionChoice[]
      default: string[]
      /** Why choosing nothing is not possible here, when it is not. */
      required?: string
    })
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
  /** Set while the flow looks ahead for a stack that would install nothing (see emptyStackProblem). */
  lookingAhead?: boolean
  /** Default for the stack name (the target directory's name, when it is a valid one). */
  suggestedName?: string
}

/** Questionnaire order: the schema's, with the preset right after the cluster flavour. */
export function questionOrder(catalog: Catalog): QuestionId[] {
  const keys = questionKeys(schemaFor(catalog))
  const order: QuestionId[] = []
  for (const key of keys) {
    if (key === 'namespace') continue
    order.push(key)
    // The namespace is asked as soon as something is chosen for it (see decide), so before the
    // questions that name Secrets living there (DNS credentials, alert receivers).
    if (key === 'cluster') order.push('preset', ...keys.filter((other) => other === 'namespace'))
  }
  return order
}

export function startQuestionnaire(given: AnswersInput): QuestionnaireState {
  return {given, answers: {...given}, settled: new Set()}
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

function find(catalog: Catalog, id: string): Component | undefined {
  return catalog.components.find((component) => component.id === id)
}

/** The category whose question `key` is, if it is one. */
function categoryOfKey(catalog: Catalog, key: string) {
  return catalog.categories.find((category) => category.choice?.key === key)
}

/** The component that owns the answer `key`, and the answer's spec, if a component owns it. */
function ownerOf(catalog: Catalog, key: string): {component: Component; answer: AnswerSpec} | undefined {
  for (const component of catalog.components) {
    const answer = component.answers?.find((spec) => spec.key === key)
    if (answer) return {component, answer}
  }
  return undefined
}

/** The given or answered value, or the one a skipped question was decided to. */
function known<K extends QuestionId>(state: QuestionnaireState, key: K): AnswersInput[K] | undefined {
  return state.answers[key]
}

function isKnown(state: QuestionnaireState, key: QuestionId): boolean {
  return state.answers[key] !== undefined || state.settled.has(key)
}

/** Answers so far, completed from the preset and cluster defaults (for defaults and catalog rules). */
function completed(answers: AnswersInput, ctx: FlowContext): Answers {
  return completeAnswers(answers, ctx.catalog)
}

type Decision = {ask: true} | {ask: false; later: true} | {ask: false; value?: AnswerValue; note?: string}

const ASK: Decision = {ask: true}
const LATER: Decision = {ask: false, later: true}

/** The keys whose default differs between presets: the preset matters while one of them is open. */
function presetDependentKeys(ctx: FlowContext): QuestionKey[] {
  return questionKeys(schemaFor(ctx.catalog)).filter((key) => {
    const values = ctx.catalog.presets.map((preset) => JSON.stringify(preset.answers[key]))
    return new Set(values).size > 1
  })
}

/** The components chosen by the questions decided so far (and those they need). */
function decidedComponents(state: QuestionnaireState, ctx: FlowContext): Component[] {
  return selectComponents(completed(state.answers, ctx), ctx.catalog, (key) => isKnown(state, key)).map(
    (entry) => entry.component,
  )
}

const inPlatformLayer = (component: Component) => component.charts.some((chart) => chart.layer === 'platform')

function platformComponents(state: QuestionnaireState, ctx: FlowContext): Component[] {
  return decidedComponents(state, ctx).filter(inPlatformLayer)
}

/** Whether a question still open could add a component to the platform layer. */
function platformStillOpen(state: QuestionnaireState, ctx: FlowContext): boolean {
  return ctx.catalog.components.some((component) => {
    const deciding = questionKeyOf(ctx.catalog, component)
    return inPlatformLayer(component) && deciding !== undefined && !isKnown(state, deciding)
  })
}

/**
 * A shared answer that only some components read (`uses`): asked once one of them is chosen,
 * skipped once none can be, otherwise decided later.
 */
function usedAnswerDecision(
  key: QuestionKey,
  state: QuestionnaireState,
  ctx: FlowContext,
  skipNote?: string,
): Decision {
  const users = ctx.catalog.components.filter((component) => component.uses?.includes(key))
  const chosen = decidedComponents(state, ctx)
  if (users.some((component) => chosen.includes(component))) return ASK
  const open = users.some((component) => {
    const deciding = questionKeyOf(ctx.catalog, component)
    return deciding !== undefined && !isKnown(state, deciding)
  })
  if (open) return LATER
  // Skipped: a list answer is empty, other answers keep their default.
  const value = questionProperty(key, schemaFor(ctx.catalog)).type === 'array' ? {value: []} : {}
  return {ask: false, ...value, ...(skipNote ? {note: skipNote} : {})}
}

function decide(id: QuestionId, state: QuestionnaireState, ctx: FlowContext): Decision {
  const cluster = known(state, 'cluster')
  const flavour = ctx.catalog.clusters.find((spec) => spec.id === cluster)
  switch (id) {
    case 'preset':
      return presetDependentKeys(ctx).some((key) => !isKnown(state, key)) ? ASK : {ask: false}
    // A deliberate override, given as a flag or in the answers file; never offered as a question.
    case 'allowRetired':
    case 'registry':
    case 'chartRegistry':
    case 'gitops':
    case 'gitRepo':
    case 'gitRevision':
    case 'gitPath':
      return {ask: false}
    case 'cni': {
      if (!flavour?.builtInCni) return ASK
      const replacement = choicesOf(ctx.catalog, 'cni')[0]?.id
      return {
        ask: false,
        value: 'none',
        note: `${cluster} clusters already run ${flavour.builtInCni}, so no pod network is installed (pass --cni ${replacement} to replace it).`,
      }
    }
    case 'domain':
      return usedAnswerDecision(
        id,
        state,
        ctx,
        'No ingress controller, so no UI is exposed and no domain is needed.',
      )
    case 'tlsIssuer':
      return known(state, 'domain') ? ASK : isKnown(state, 'domain') ? {ask: false} : LATER
    case 'namespace': {
      if (platformComponents(state, ctx).length > 0) return ASK
      if (!isKnown(state, 'layout')) return LATER
      // One chart: everything lands in this namespace.
      if (known(state, 'layout') === 'single') return ASK
      return platformStillOpen(state, ctx) ? LATER : {ask: false}
    }
    default: {
      const property = (
        schemaFor(ctx.catalog).properties as Record<string, {'x-prodstack'?: {usedBy?: unknown}}>
      )[id]
      if (property?.['x-prodstack']?.usedBy || id === 'podCidr') return usedAnswerDecision(id, state, ctx)
      const category = categoryOfKey(ctx.catalog, id)
      if (category?.choice?.onlyWith) return onlyWithDecision(category.choice.onlyWith, state, ctx)
      const owned = ownerOf(ctx.catalog, id)
      if (owned) return ownedAnswerDecision(owned, state, ctx)
      return ASK
    }
  }
}

/** A category asked only when another category chose something (no log store without a log agent). */
function onlyWithDecision(
  onlyWith: {category: string; note: string},
  state: QuestionnaireState,
  ctx: FlowContext,
): Decision {
  const key = choiceOf(ctx.catalog, onlyWith.category)?.key
  if (!key || !isKnown(state, key)) return LATER
  const value = known(state, key)
  return value === 'none' || (Array.isArray(value) && value.length === 0)
    ? {ask: false, value: 'none', note: onlyWith.note}
    : ASK
}

/** A component's own answer: asked when it applies; one that only says "install it when needed" when it is needed. */
function ownedAnswerDecision(
  owned: {component: Component; answer: AnswerSpec},
  state: QuestionnaireState,
  ctx: FlowContext,
): Decision {
  const {component, answer} = owned
  if (answer.after?.some((key) => !isKnown(state, key))) return LATER
  if (component.neededBy) {
    if (neededReason(component, state, ctx)) return ASK
    const open = questionKeys(schemaFor(ctx.catalog)).some(
      (key) => key !== answer.key && categoryOfKey(ctx.catalog, key) && !isKnown(state, key),
    )
    return open ? LATER : {ask: false}
  }
  if (answer.applies && !answer.applies(completed(state.answers, ctx))) return {ask: false}
  return ASK
}

/** Why the plan would add this component, given the questions decided so far. */
function neededReason(component: Component, state: QuestionnaireState, ctx: FlowContext): string | undefined {
  const chosen = selectComponents(completed(state.answers, ctx), ctx.catalog, (key) => isKnown(state, key))
  return component.neededBy?.(
    completed(state.answers, ctx),
    selectionOf(chosen.filter((entry) => entry.component !== component)),
  )
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
  const order = questionOrder(ctx.catalog)
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
  const forced: string[] = []
  // A yes/no that would leave the stack with nothing to install is not a real choice: yes, and say so.
  if (
    question.kind === 'confirm' &&
    value === false &&
    emptyStackProblem(state, question.id as QuestionKey, false, ctx)
  ) {
    stored = true
    forced.push(`${question.message} Yes: without it the stack would install nothing.`)
  }
  if (question.kind === 'text') {
    const text = String(value).trim()
    stored = text === '' ? (question.optional ? undefined : question.default) : text
  }
  const next = settle(state, question.id, stored)
  const notes: string[] = [...forced]
  if (question.kind === 'select' || question.kind === 'multiselect') {
    const picked = Array.isArray(value) ? (value as string[]) : [String(value)]
    for (const choice of question.choices) {
      if (!picked.includes(choice.value)) continue
      const component = find(ctx.catalog, choice.value)
      if (component && ['retired', 'unmaintained', 'edge-only'].includes(component.lifecycle.status)) {
        notes.push(`${component.title}: ${component.lifecycle.note}`)
      }
      notes.push(...clusterCautions(state, question.id, choice.value, ctx))
    }
  }
  if (question.kind === 'confirm') {
    if (value === true) notes.push(...clusterCautions(state, question.id, true, ctx))
    const owner = ownerOf(ctx.catalog, question.id)?.component
    if (owner?.neededBy && value === false) {
      notes.push(`${owner.title} must then already run in the cluster before the stack is installed.`)
    }
  }
  return {state: next, notes}
}

/** The answers the questionnaire adds to the given ones (unasked questions stay unanswered). */
export function finishQuestionnaire(state: QuestionnaireState): AnswersInput {
  return {...state.answers}
}

function buildQuestion(id: QuestionId, state: QuestionnaireState, ctx: FlowContext): Question {
  if (id === 'preset') return presetQuestion(state, ctx)
  const schema = schemaFor(ctx.catalog)
  const meta = questionMeta(id, schema)
  const base = {id, message: meta.question, flag: `--${meta.flag}`}
  const defaults = completed(state.answers, ctx) as unknown as Record<string, unknown>
  const property = questionProperty(id, schema)
  switch (id) {
    case 'name':
      return textQuestion(base, id, suggestedName(ctx) ?? String(defaults.name), false)
    case 'podCidr': {
      const readers = decidedComponents(state, ctx).filter((component) => component.uses?.includes(id))
      const networkChosen = readers.some((component) => component.category === 'cni')
      return {
        ...textQuestion(base, id, String(defaults.podCidr), false),
        help: networkChosen
          ? "It must match the cluster's --cluster-cidr (kubeadm: --pod-network-cidr)."
          : `${listOf(readers.map((component) => component.title))} needs the cluster's pod address range, to tell in-cluster traffic from the rest.`,
      }
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
    case 'cluster':
      return {
        ...base,
        kind: 'select',
        default: String(defaults.cluster),
        choices: ctx.catalog.clusters.map((flavour) => ({
          value: flavour.id,
          title: flavour.id,
          summary: flavour.summary,
          detail: flavour.summary,
        })),
      }
    case 'layout': {
      const choices: QuestionChoice[] = (property.enum ?? []).map((value) => {
        const choice: QuestionChoice = {
          value,
          title: value,
          summary: LAYOUT_SUMMARY[value] ?? value,
          detail: LAYOUT_SUMMARY[value] ?? value,
        }
        // A component already chosen may need its CRDs in a release of their own.
        const problem = choiceProblem(state, 'layout', value, ctx)
        if (problem) {
          choice.disabled = problem.short
          choice.detail = `${choice.detail} Not available: ${problem.long}.`
        }
        return choice
      })
      const enabled = choices.filter((choice) => !choice.disabled).map((choice) => choice.value)
      const preferred = String(defaults.layout)
      return {
        ...base,
        kind: 'select',
        default: enabled.includes(preferred) ? preferred : (enabled[0] ?? preferred),
        choices,
      }
    }
    case 'alertReceivers':
      return {
        ...base,
        kind: 'receivers',
        default: (defaults.alertReceivers as AlertReceiver[]) ?? [],
        help: 'Without a receiver, alerts only show in the Alertmanager UI. Credentials stay in Secrets you create.',
      }
  }
  const category = categoryOfKey(ctx.catalog, id)
  if (category?.choice?.multiple) return multiselectQuestion(base, id, state, ctx, defaults[id] as string[])
  if (category) return selectQuestion(base, id, state, ctx, String(defaults[id]))
  const owned = ownerOf(ctx.catalog, id)
  if (property.type === 'boolean') return confirmQuestion(base, id, state, ctx, Boolean(defaults[id]), owned)
  if (property.enum) return selectQuestion(base, id, state, ctx, String(defaults[id] ?? property.enum[0]))
  const fallback = defaults[id]
  return {
    ...textQuestion(base, id, fallback === undefined ? undefined : String(fallback), fallback === undefined),
    ...(owned ? {help: owned.answer.help} : {}),
  }
}

/** A yes/no question a component owns: install it (when needed), with its version and the reason. */
function confirmQuestion(
  base: QuestionBase,
  id: QuestionKey,
  state: QuestionnaireState,
  ctx: FlowContext,
  fallback: boolean,
  owned: {component: Component; answer: AnswerSpec} | undefined,
): Question {
  const meta = questionMeta(id, schemaFor(ctx.catalog))
  const question: Question = {...base, kind: 'confirm', default: fallback}
  if (!owned) return question
  const {component} = owned
  const version = mainChart(component).version
  const flavour = ctx.catalog.clusters.find((spec) => spec.id === known(state, 'cluster'))
  const reason = neededReason(component, state, ctx)
  const purpose = component.description.split('. ')[0]
  const help = reason
    ? `${component.title} would be ${reason}. Answer no only if the cluster already runs it: install it once per cluster.`
    : flavour && flavour.defaults?.[id] === false
      ? `${purpose}; ${flavour.id} clusters usually run one already.`
      : `${purpose}.`
  return {...question, message: `${meta.question} ${version}?`, help}
}

/** The suggested stack name, when it is a valid one. */
function suggestedName(ctx: FlowContext): string | undefined {
  const name = ctx.suggestedName
  return name && !validateAnswer('name', name) ? name : undefined
}

function presetQuestion(state: QuestionnaireState, ctx: FlowContext): Question {
  return {
    id: 'preset',
    message: 'Starting point',
    flag: '--preset',
    kind: 'select',
    default: state.answers.preset ?? ctx.catalog.defaultPreset,
    help: 'A preset pre-selects the answers that follow; you can change each of them.',
    choices: ctx.catalog.presets.map((preset) => ({
      value: preset.name,
      title: preset.name,
      summary: preset.summary,
      detail: preset.summary,
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
  const category = categoryOfKey(ctx.catalog, key)
  const spec = questionProperty(key, schemaFor(ctx.catalog))
  const values = spec.enum ?? spec.items?.enum ?? []
  return values.map((value) => {
    const component = category && find(ctx.catalog, value)
    const none = category?.choice?.none ?? value
    const choice: QuestionChoice = component
      ? componentChoice(component, ctx)
      : {
          value,
          title: value,
          summary: value === 'none' ? none : value,
          detail: value === 'none' ? none : value,
        }
    const cautions = clusterCautions(state, key, category?.choice?.multiple ? [value] : value, ctx)
    if (cautions.length > 0) choice.detail = `${choice.detail} ${cautions.join(' ')}`
    const empty =
      value === 'none' && !category?.choice?.multiple ? emptyStackProblem(state, key, value, ctx) : undefined
    const problem =
      choiceProblem(state, key, value, ctx) ?? (empty ? {short: EMPTY_STACK, long: empty} : undefined)
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
    (
      completed({...state.answers, preset: ctx.catalog.defaultPreset}, ctx) as unknown as Record<
        string,
        unknown
      >
    )[key],
  )
  const fallback = [preferred, standard].find((value) => enabled.includes(value)) ?? enabled[0] ?? preferred
  return {...base, kind: 'select', choices, default: fallback}
}

function multiselectQuestion(
  base: QuestionBase,
  key: QuestionKey,
  state: QuestionnaireState,
  ctx: FlowContext,
  preferred: string[],
): Question {
  const choices = choicesFor(key, state, ctx)
  const enabled = new Set(choices.filter((choice) => !choice.disabled).map((choice) => choice.value))
  const required = emptyStackProblem(state, key, [], ctx)
  return {
    ...base,
    kind: 'multiselect',
    choices,
    default: preferred.filter((value) => enabled.has(value)),
    ...(required ? {required} : {}),
  }
}

/**
 * Why answering `value` for `key` would leave the stack with nothing to install whatever comes
 * next, if it would: the questions still to come are answered with something to install wherever
 * they offer it, and the stack is still empty.
 */
function emptyStackProblem(
  state: QuestionnaireState,
  key: QuestionKey,
  value: AnswerValue,
  ctx: FlowContext,
): string | undefined {
  // The look-ahead builds questions too; they must not look ahead again.
  if (ctx.lookingAhead) return undefined
  const ahead: FlowContext = {...ctx, lookingAhead: true}
  let trial = settle(state, key, value)
  for (let guard = 0; guard < 50; guard++) {
    const step = nextStep(trial, ahead)
    trial = step.state
    if (!step.question) break
    trial = settle(trial, step.question.id, somethingFor(step.question))
  }
  return checkSelection(completed(trial.answers, ctx), ctx.catalog).find(
    (problem) => problem.source === 'answers' && problem.short === EMPTY_STACK,
  )?.message
}

/** The answer to a question that installs the most: a component where one can be chosen. */
function somethingFor(question: Question): AnswerValue {
  switch (question.kind) {
    case 'select':
      return (
        question.choices.find((choice) => !choice.disabled && choice.value !== 'none')?.value ??
        question.default
      )
    case 'multiselect': {
      const first = question.choices.find((choice) => !choice.disabled)
      return first ? [first.value] : []
    }
    case 'confirm':
      return true
    default:
      return question.default ?? ''
  }
}

/**
 * Why choosing `value` for `key` cannot work, given the questions already answered: the planner's
 * own rules (plan/check-selection.ts), limited to those this answer takes part in.
 */
export function choiceProblem(
  state: QuestionnaireState,
  key: QuestionKey,
  value: string,
  ctx: FlowContext,
): {short: string; long: string} | undefined {
  const multiple = categoryOfKey(ctx.catalog, key)?.choice?.multiple
  const trial = settle(state, key, multiple ? [value] : value)
  const problem = checkSelection(completed(trial.answers, ctx), ctx.catalog, (question) =>
    isKnown(trial, question),
  ).find((candidate) => candidate.keys.includes(key))
  if (!problem) return undefined
  // Another component's unmet need names that component; the choice's own needs it.
  const short =
    problem.subject && problem.subject !== value ? `${problem.subject} ${problem.short}` : problem.short
  return {short, long: problem.message}
}

/**
 * What the cluster flavour says about choosing `value` for `key` (k3s already ships Traefik, ...):
 * the cluster warnings this choice adds over choosing nothing.
 */
function clusterCautions(
  state: QuestionnaireState,
  key: QuestionId,
  value: AnswerValue,
  ctx: FlowContext,
): string[] {
  const cluster = known(state, 'cluster')
  const flavour = ctx.catalog.clusters.find((spec) => spec.id === cluster)
  if (key === 'cluster' || key === 'preset' || !flavour) return []
  // Compared with choosing nothing: no, an empty list, or none (questions without a none compare nothing).
  const baseline: AnswerValue = typeof value === 'boolean' ? false : Array.isArray(value) ? [] : 'none'
  const schemaEnum = questionProperty(key, schemaFor(ctx.catalog))?.enum
  if (typeof baseline === 'string' && !schemaEnum?.includes(baseline)) return []
  const warningsFor = (answer: AnswerValue) => {
    const trial = settle(state, key, answer)
    const answers = completed(trial.answers, ctx)
    const chosen = selectComponents(answers, ctx.catalog, (question) => isKnown(trial, question))
    return clusterWarnings(answers, flavour, selectionOf(chosen))
  }
  const before = new Set(warningsFor(baseline))
  return warningsFor(value).filter((warning) => !before.has(warning))
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
export const MAX_RECEIVERS = MAX_ALERT_RECEIVERS
