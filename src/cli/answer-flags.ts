import * as Flags from '@oclif/core/flags'
import type {FlagInput} from '@oclif/core/interfaces'
import {
  type AlertReceiver,
  type AnswersInput,
  answersSchema,
  type QuestionKey,
  questionKeys,
  questionMeta,
  questionProperty,
  RECEIVER_TYPES,
} from '../answers/schema.js'
import type {Problem} from '../errors.js'

type Schema = typeof answersSchema

function choices(key: QuestionKey, schema: Schema): string {
  const spec = questionProperty(key, schema)
  const list = spec.enum ?? spec.items?.enum
  return list ? ` One of: ${list.join(', ')}.` : ''
}

/**
 * One flag per question, derived from the answers schema. Values are checked by the schema (not by
 * oclif's `options`) so every bad flag is reported at once, with did-you-mean hints.
 */
export function answerFlags(schema: Schema = answersSchema) {
  const flags: FlagInput = {}
  for (const key of questionKeys(schema)) {
    const meta = questionMeta(key, schema)
    const spec = questionProperty(key, schema)
    const description = `${spec.description}${choices(key, schema)}`
    if (spec.type === 'boolean') {
      flags[meta.flag] = Flags.boolean({description, allowNo: true, helpGroup: 'ANSWER'})
    } else if (key === 'alertReceivers') {
      // Non-greedy: `--alert-receiver X DIR` takes one value, so DIR stays the directory argument.
      flags[meta.flag] = Flags.string({
        description: meta.help,
        multiple: true,
        multipleNonGreedy: true,
        helpGroup: 'ANSWER',
      })
    } else if (spec.type === 'array') {
      // Repeatable and comma-separated alike; non-greedy, so a word after the value stays the directory.
      flags[meta.flag] = Flags.string({
        description: `${description} Comma-separated or repeated.`,
        multiple: true,
        multipleNonGreedy: true,
        helpGroup: 'ANSWER',
      })
    } else {
      flags[meta.flag] = Flags.string({description, helpGroup: 'ANSWER'})
    }
  }
  return flags
}

/**
 * The answer sources the flags give (answer flags, --answers, -f, --set, --preset), for init and
 * plan alike; the caller adds the environment and whether --yes applies.
 */
export function answerSourcesFromFlags(
  flags: Record<string, unknown> & {answers?: string; values?: string[]; set?: string[]; preset?: string},
  fromFlags: {input: AnswersInput; problems: Problem[]} = answersFromFlags(flags),
) {
  return {
    flags: fromFlags.input,
    flagProblems: fromFlags.problems,
    ...(flags.answers ? {answersFile: flags.answers} : {}),
    ...(flags.values ? {valuesFiles: flags.values} : {}),
    ...(flags.set ? {set: flags.set} : {}),
    ...(flags.preset ? {preset: flags.preset} : {}),
  }
}

/** Turns parsed flags into partial answers; flags not given stay undefined. */
export function answersFromFlags(
  flags: Record<string, unknown>,
  schema: Schema = answersSchema,
): {input: AnswersInput; problems: Problem[]} {
  const input: Record<string, unknown> = {}
  const problems: Problem[] = []
  for (const key of questionKeys(schema)) {
    const {flag} = questionMeta(key, schema)
    const value = flags[flag]
    if (value === undefined) continue
    if (questionProperty(key, schema).type === 'array' && key !== 'alertReceivers') {
      const items = (Array.isArray(value) ? value : [value]).flatMap((text) => String(text).split(','))
      const chosen = items.map((item) => item.trim()).filter((item) => item !== '' && item !== 'none')
      input[key] = [...new Set(chosen)]
    } else if (key === 'alertReceivers') {
      const receivers: AlertReceiver[] = []
      for (const spec of value as string[]) {
        const parsed = parseReceiver(spec)
        if (typeof parsed === 'string')
          problems.push({source: `--${flag} ${spec}`, message: parsed, hint: RECEIVER_HINT})
        else receivers.push(parsed)
      }
      input[key] = receivers
    } else {
      input[key] = value
    }
  }
  return {input: input as AnswersInput, problems}
}

const RECEIVER_HINT =
  'use TYPE=SECRET/KEY[,option=value...], e.g. slack=alertmanager-receivers/slack-url,channel=#alerts'

/** `slack=alertmanager-receivers/slack-url,channel=#alerts` → a receiver; a string is an error message. */
export function parseReceiver(spec: string): AlertReceiver | string {
  const [head, ...options] = spec.split(',')
  const match = /^([a-z]+)=([^/]+)\/(.+)$/.exec(head ?? '')
  if (!match) return 'is not TYPE=SECRET/KEY'
  const [, type, secretName, secretKey] = match
  if (!(RECEIVER_TYPES as readonly string[]).includes(type!))
    return `unknown receiver type "${type}" (${RECEIVER_TYPES.join(', ')})`
  const receiver: Record<string, string> = {type: type!, secretName: secretName!, secretKey: secretKey!}
  for (const option of options) {
    const [name, ...rest] = option.split('=')
    if (!name || rest.length === 0) return `option "${option}" is not name=value`
    receiver[name] = rest.join('=')
  }
  return receiver as unknown as AlertReceiver
}

/**
 * A directory argument that is one of a list flag's choices was most likely meant as its second
 * value (`--dashboards grafana kibana`): the problem, naming the fix, or undefined.
 */
export function listValueTakenAsDirectory(
  flags: Record<string, unknown>,
  dir: string | undefined,
  schema: Schema = answersSchema,
): Problem | undefined {
  if (!dir) return undefined
  for (const key of questionKeys(schema)) {
    const spec = questionProperty(key, schema)
    const {flag} = questionMeta(key, schema)
    const given = flags[flag]
    if (spec.type !== 'array' || given === undefined || !spec.items?.enum?.includes(dir)) continue
    const values = [...(Array.isArray(given) ? given : [given]), dir].join(',')
    return {
      source: `--${flag}`,
      message: `"${dir}" is one of its choices, not a directory: a list is written without spaces`,
      hint: `write --${flag} ${values} (or repeat --${flag}), then the directory`,
    }
  }
  return undefined
}

export {flagsFor} from '../answers/schema.js'
