import * as Flags from '@oclif/core/flags'
import type {FlagInput} from '@oclif/core/interfaces'
import {
  type AlertReceiver,
  type AnswersInput,
  answersSchema,
  type QuestionKey,
  questionKeys,
  questionMeta,
  RECEIVER_TYPES,
} from '../answers/schema.js'
import type {Problem} from '../errors.js'

type Property = {
  type?: string
  enum?: readonly string[]
  items?: {enum?: readonly string[]}
  description: string
}

function property(key: QuestionKey): Property {
  return answersSchema.properties[key] as unknown as Property
}

function choices(key: QuestionKey): string {
  const spec = property(key)
  const list = spec.enum ?? spec.items?.enum
  return list ? ` One of: ${list.join(', ')}.` : ''
}

/**
 * One flag per question, derived from the answers schema. Values are checked by the schema (not by
 * oclif's `options`) so every bad flag is reported at once, with did-you-mean hints.
 */
export function answerFlags() {
  const flags: FlagInput = {}
  for (const key of questionKeys()) {
    const meta = questionMeta(key)
    const spec = property(key)
    const description = `${spec.description}${choices(key)}`
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
    } else {
      flags[meta.flag] = Flags.string({description, helpGroup: 'ANSWER'})
    }
  }
  return flags
}

/** Turns parsed flags into partial answers; flags not given stay undefined. */
export function answersFromFlags(flags: Record<string, unknown>): {input: AnswersInput; problems: Problem[]} {
  const input: Record<string, unknown> = {}
  const problems: Problem[] = []
  for (const key of questionKeys()) {
    const {flag} = questionMeta(key)
    const value = flags[flag]
    if (value === undefined) continue
    if (key === 'dashboards') {
      const text = String(value).trim()
      input[key] = text === '' || text === 'none' ? [] : text.split(',').map((item) => item.trim())
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

/** The flags a user must pass to answer the given questions without a prompt. */
export function flagsFor(keys: string[]): string[] {
  return keys.map((key) => {
    const meta = questionMeta(key as QuestionKey)
    const spec = property(key as QuestionKey)
    const list = spec.enum ?? spec.items?.enum
    return `--${meta.flag}${spec.type === 'boolean' ? `/--no-${meta.flag}` : list ? ` <${list.join('|')}>` : ' <value>'}`
  })
}
