/**
 * Asks the questions of cli/questions.ts through a `Prompts` (the terminal, or a fake in tests):
 * lays out each choice on one line (name, chart version, lifecycle status, what it is), prints the
 * notes the flow produces, and asks for the final confirmation.
 */
import type {AlertReceiver, AnswersInput, ReceiverType} from '../answers/schema.js'
import type {Catalog} from '../catalog/index.js'
import {CATALOG} from '../catalog/index.js'
import type {PromptChoice, Prompts} from '../io/prompts.js'
import {
  type AnswerValue,
  answerQuestion,
  type FlowContext,
  finishQuestionnaire,
  MAX_RECEIVERS,
  nextStep,
  type Question,
  type QuestionChoice,
  receiverFields,
  receiverFrom,
  receiverTypeChoices,
  startQuestionnaire,
} from './questions.js'

export interface QuestionnaireOptions {
  catalog?: Catalog
  /** Default stack name (the target directory's name). */
  suggestedName?: string
  /** A further check of the stack name, e.g. that its directory can be written; an error message or undefined. */
  checkName?: (name: string) => string | undefined
}

export interface Questionnaire {
  /** Asks every question the given answers leave open and that still applies; returns all answers. */
  ask(given: AnswersInput): Promise<AnswersInput>
  /** Asks a yes/no question (the final confirmation). */
  confirm(message: string, fallback: boolean): Promise<boolean>
  /** Prints one line. */
  say(text: string): void
}

export const INTRO =
  'A few questions about your cluster. Enter takes the suggested answer; Ctrl-C stops without writing anything.'

export function createQuestionnaire(prompts: Prompts, options: QuestionnaireOptions = {}): Questionnaire {
  const ctx: FlowContext = {
    catalog: options.catalog ?? CATALOG,
    ...(options.suggestedName ? {suggestedName: options.suggestedName} : {}),
  }
  const width = () => Math.max(40, prompts.columns - 1)
  const note = (text: string) => {
    const [first = '', ...rest] = wrap(text, width() - 4)
    prompts.say(
      [`  ${prompts.style('yellow', '!')} ${first}`, ...rest.map((line) => `    ${line}`)].join('\n'),
    )
  }

  const ask = async (question: Question): Promise<AnswerValue> => {
    if (question.help) {
      prompts.say(
        wrap(question.help, width() - 2)
          .map((line) => prompts.style('dim', `  ${line}`))
          .join('\n'),
      )
    }
    switch (question.kind) {
      case 'text': {
        const extra = question.id === 'name' ? options.checkName : undefined
        return prompts.input({
          id: question.id,
          message: question.message,
          ...(question.default !== undefined ? {default: question.default} : {}),
          validate: (text) =>
            question.validate(text) ?? (extra && text.trim() ? extra(text.trim()) : undefined),
        })
      }
      case 'select':
        return prompts.select({
          id: question.id,
          message: question.message,
          choices: layoutChoices(question.choices, prompts),
          default: question.default,
        })
      case 'multiselect':
        return prompts.checkbox({
          id: question.id,
          message: question.message,
          choices: layoutChoices(question.choices, prompts).map((choice) => ({
            ...choice,
            checked: question.default.includes(choice.value),
          })),
          ...(question.required ? {required: question.required} : {}),
        })
      case 'confirm':
        return prompts.confirm({id: question.id, message: question.message, default: question.default})
      case 'receivers':
        return askReceivers(question.default, prompts)
    }
  }

  return {
    async ask(given) {
      prompts.say(INTRO)
      let state = startQuestionnaire(given)
      for (;;) {
        const step = nextStep(state, ctx)
        state = step.state
        for (const text of step.notes) note(text)
        if (!step.question) return finishQuestionnaire(state)
        const value = await ask(step.question)
        const answered = answerQuestion(state, step.question, value, ctx)
        state = answered.state
        for (const text of answered.notes) note(text)
      }
    },
    confirm: (message, fallback) => prompts.confirm({id: 'confirm', message, default: fallback}),
    say: (text) => prompts.say(text),
  }
}

/** The questionnaire on this process's terminal; loads the prompt library now, not at start-up. */
export async function openTerminalQuestionnaire(options: QuestionnaireOptions = {}): Promise<Questionnaire> {
  const {openTerminalPrompts} = await import('../io/prompts.js')
  return createQuestionnaire(await openTerminalPrompts(), options)
}

async function askReceivers(initial: AlertReceiver[], prompts: Prompts): Promise<AlertReceiver[]> {
  const receivers = [...initial]
  let more = await prompts.confirm({id: 'alertReceivers', message: 'Add an alert receiver?', default: false})
  while (more && receivers.length < MAX_RECEIVERS) {
    const index = receivers.length
    const type = (await prompts.select({
      id: `alertReceivers.${index}.type`,
      message: 'Receiver',
      choices: layoutChoices(receiverTypeChoices(), prompts),
      default: 'slack',
    })) as ReceiverType
    const fields: Partial<Record<keyof AlertReceiver, string>> = {}
    for (const field of receiverFields(type)) {
      fields[field.field] = await prompts.input({
        id: `alertReceivers.${index}.${field.field}`,
        message: field.message,
        ...(field.default !== undefined ? {default: field.default} : {}),
        validate: field.validate,
      })
    }
    receivers.push(receiverFrom(type, fields))
    more = await prompts.confirm({
      id: `alertReceivers.${index + 1}`,
      message: 'Add another alert receiver?',
      default: false,
    })
  }
  return receivers
}

/** Breaks text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines
}

function truncate(text: string, width: number): string {
  if (text.length <= width) return text
  if (width < 2) return ''
  const cut = text.slice(0, width - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > width / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`
}

/**
 * One line per choice, in columns: the value you would pass as a flag, the chart version, the
 * lifecycle status, then what it is, cut to the terminal's width. The full text shows under the list
 * while a choice is highlighted; a choice that cannot be taken says why.
 */
export function layoutChoices(choices: QuestionChoice[], prompts: Pick<Prompts, 'columns' | 'style'>) {
  const width = (pick: (choice: QuestionChoice) => string | undefined) =>
    Math.max(0, ...choices.map((choice) => pick(choice)?.length ?? 0))
  const valueWidth = width((choice) => choice.value)
  const versionWidth = width((choice) => choice.version)
  const statusWidth = width((choice) => choice.statusLabel)
  // The cursor and a space come before each line; keep a margin so nothing wraps.
  const room = prompts.columns - 4
  return choices.map((choice): PromptChoice => {
    const columns = [choice.value.padEnd(valueWidth)]
    if (versionWidth > 0) columns.push((choice.version ?? '').padEnd(versionWidth))
    if (statusWidth > 0) {
      const label = (choice.statusLabel ?? '').padEnd(statusWidth)
      const warn = choice.status === 'retired' || choice.status === 'unmaintained'
      columns.push(warn ? prompts.style('yellow', label) : label)
    }
    const used = valueWidth + (versionWidth ? versionWidth + 2 : 0) + (statusWidth ? statusWidth + 2 : 0)
    const lead = columns.join('  ')
    if (choice.disabled) {
      return {
        value: choice.value,
        name: lead.trimEnd(),
        short: choice.value,
        disabled: `(unavailable: ${choice.disabled})`,
      }
    }
    const summary = truncate(choice.summary, room - used - 2)
    // The highlighted choice's whole story, unless its line already says it all.
    const detail =
      choice.detail === choice.summary ? undefined : wrap(choice.detail, prompts.columns - 1).join('\n')
    return {
      value: choice.value,
      name: summary ? `${lead}  ${summary}` : lead.trimEnd(),
      short: choice.value,
      ...(detail ? {description: detail} : {}),
    }
  })
}
