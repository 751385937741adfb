/**
 * The answers contract at run time: the schema the build generated from the catalog
 * (answers/build-schema.ts), its question metadata, and the answers' types. It loads no catalog
 * module, so flags and --help cost nothing at start-up.
 */
import generatedSchema from '../schema/generated/answers-schema.js'
import type {QuestionMeta} from './base.js'

export * from './base.js'

/** The answers schema, as JSON Schema with `x-prodstack` blocks. */
export interface AnswersSchema {
  properties: Record<string, Record<string, unknown> & {'x-prodstack'?: QuestionMeta}>
  [keyword: string]: unknown
}

export const answersSchema: AnswersSchema = generatedSchema as AnswersSchema

function enumOf(key: string): string[] {
  const spec = answersSchema.properties[key] as {enum?: string[]; items?: {enum?: string[]}}
  return [...(spec.enum ?? spec.items?.enum ?? [])]
}

export const CLUSTER_FLAVOURS = enumOf('cluster')
export const CNI_CHOICES = enumOf('cni')
export const INGRESS_CHOICES = enumOf('ingress')
export const MESH_CHOICES = enumOf('mesh')
export const METRICS_CHOICES = enumOf('metrics')
export const LOG_AGENT_CHOICES = enumOf('logging')
export const LOG_STORE_CHOICES = enumOf('logStore')
export const DASHBOARD_CHOICES = enumOf('dashboards')
export const PRESETS = enumOf('preset')

// Choices come from the catalog, so they are strings here; the schema checks them.
export type ClusterFlavour = string
export type ReceiverType = typeof import('./base.js').RECEIVER_TYPES[number]
export type Layout = typeof import('./base.js').LAYOUTS[number]
export type GitopsEngine = typeof import('./base.js').GITOPS_ENGINES[number]
export type PresetName = string

export interface AlertReceiver {
  type: ReceiverType
  secretName: string
  secretKey: string
  to?: string
  from?: string
  smarthost?: string
  username?: string
  channel?: string
}

/** Answers as read from a file or flags: anything may be missing. Component-owned answers are keyed by their own names. */
export interface AnswersInput {
  $schema?: string
  apiVersion?: string
  preset?: PresetName
  name?: string
  cluster?: ClusterFlavour
  cni?: string
  podCidr?: string
  ingress?: string
  domain?: string
  tlsIssuer?: string
  certManager?: boolean
  mesh?: string
  metrics?: string
  metricsServer?: boolean
  alertReceivers?: AlertReceiver[]
  logging?: string
  logStore?: string
  dashboards?: string[]
  namespace?: string
  layout?: Layout
  allowRetired?: boolean
  registry?: string
  chartRegistry?: string
  gitops?: GitopsEngine
  gitRepo?: string
  gitRevision?: string
  gitPath?: string
  values?: Record<string, Record<string, unknown>>
  [answer: string]: unknown
}

/** Complete answers: every question answered (domain stays optional: no domain, nothing exposed). */
export interface Answers {
  apiVersion: typeof import('./base.js').ANSWERS_API_VERSION
  preset: PresetName
  name: string
  cluster: ClusterFlavour
  cni: string
  podCidr: string
  ingress: string
  domain?: string
  tlsIssuer: string
  certManager: boolean
  mesh: string
  metrics: string
  metricsServer: boolean
  alertReceivers: AlertReceiver[]
  logging: string
  logStore: string
  dashboards: string[]
  namespace: string
  layout: Layout
  /** Given only to install a retired component; absent otherwise. */
  allowRetired?: boolean
  /** The image mirror every image is pulled from; absent: upstream registries. */
  registry?: string
  /** The OCI registry every chart is pulled from; absent: upstream repositories. */
  chartRegistry?: string
  /** The GitOps engine to write for; absent or none: no gitops/ directory. */
  gitops?: GitopsEngine
  /** With a GitOps engine: the repository, revision and directory it syncs the stack from. */
  gitRepo?: string
  gitRevision?: string
  gitPath?: string
  values: Record<string, Record<string, unknown>>
  /** Answers owned by components (catalog modules' `answers`). */
  [answer: string]: unknown
}

/** A question's key: an answers property with an `x-prodstack` block. */
export type QuestionKey = string

type Properties = Record<string, {'x-prodstack'?: QuestionMeta} & Record<string, unknown>>

/** The question keys, in questionnaire order. */
export function questionKeys(schema: AnswersSchema = answersSchema): QuestionKey[] {
  let keys = orderedKeys.get(schema)
  if (!keys) {
    keys = Object.entries(schema.properties as Properties)
      .filter(([, spec]) => spec['x-prodstack'])
      .sort(([, a], [, b]) => a['x-prodstack']!.order - b['x-prodstack']!.order)
      .map(([key]) => key)
    orderedKeys.set(schema, keys)
  }
  return keys
}

/** Question order per schema; the planner asks for it once per plan. */
const orderedKeys = new WeakMap<AnswersSchema, QuestionKey[]>()

export function questionMeta(key: QuestionKey, schema: AnswersSchema = answersSchema): QuestionMeta {
  const meta = (schema.properties as Properties)[key]?.['x-prodstack']
  if (!meta) throw new Error(`no question ${key}`)
  return meta
}

/** The schema property of a question. */
export function questionProperty(
  key: QuestionKey,
  schema: AnswersSchema = answersSchema,
): {type?: string; enum?: readonly string[]; items?: {enum?: readonly string[]}; description: string} {
  return (schema.properties as Properties)[key] as never
}

/** The flags a user must pass to answer the given questions without a prompt. */
export function flagsFor(keys: string[], schema: AnswersSchema = answersSchema): string[] {
  return keys.map((key) => {
    const meta = questionMeta(key, schema)
    const spec = questionProperty(key, schema)
    const list = spec.enum ?? spec.items?.enum
    return `--${meta.flag}${spec.type === 'boolean' ? `/--no-${meta.flag}` : list ? ` <${list.join('|')}>` : ' <value>'}`
  })
}
