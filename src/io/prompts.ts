/**
 * The terminal side of the questionnaire: the only module that talks to @inquirer/prompts. The
 * questionnaire (cli/questionnaire.ts) sees only the `Prompts` interface, so tests drive it with a
 * fake; this module, and the prompt library with it, loads only when a questionnaire runs.
 */
import {UserError} from '../errors.js'

export interface PromptChoice<V extends string = string> {
  value: V
  /** The line shown in the list. */
  name: string
  /** Shown after the question once answered. */
  short?: string
  /** Shown under the list while the choice is highlighted. */
  description?: string
  /** Why the choice cannot be taken now (shown next to it); absent when it can. */
  disabled?: string
  /** Pre-selected (multiple choice). */
  checked?: boolean
}

export interface Prompts {
  /** Width of the terminal, for laying out choices. */
  readonly columns: number
  select<V extends string>(request: {
    id: string
    message: string
    choices: PromptChoice<V>[]
    default: V
  }): Promise<V>
  /** `required`: why choosing nothing is refused (shown when Enter is pressed with nothing checked). */
  checkbox<V extends string>(request: {
    id: string
    message: string
    choices: PromptChoice<V>[]
    required?: string
  }): Promise<V[]>
  /** Free text; `validate` returns an error message, or undefined when the text is fine. */
  input(request: {
    id: string
    message: string
    default?: string
    validate: (text: string) => string | undefined
  }): Promise<string>
  confirm(request: {id: string; message: string; default: boolean}): Promise<boolean>
  /** A line between questions (notes, explanations). */
  say(text: string): void
  /** Colours and emphasis, or the plain text when colours are off (NO_COLOR, not a terminal). */
  style(format: 'dim' | 'bold' | 'yellow' | 'red' | 'cyan', text: string): string
}

/** The message of the one line printed when a person presses Ctrl-C at a prompt. */
export const CANCELLED_MESSAGE = 'Cancelled: nothing was written'

/** Exit code of a run cancelled with Ctrl-C (128 + SIGINT), as shells report it. */
export const CANCELLED_EXIT_CODE = 130

/**
 * Prompts on the process's terminal. Loads @inquirer/prompts on first use. Ctrl-C at a prompt
 * becomes a UserError with exit code 130, so the command prints one line and writes nothing.
 */
export async function openTerminalPrompts(): Promise<Prompts> {
  const [inquirer, {styleText}] = await Promise.all([import('@inquirer/prompts'), import('node:util')])
  const output = process.stdout
  const guard = async <T>(prompt: Promise<T>): Promise<T> => {
    try {
      return await prompt
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') {
        throw new UserError('INTERRUPTED', CANCELLED_MESSAGE, [], CANCELLED_EXIT_CODE)
      }
      throw error
    }
  }
  return {
    get columns() {
      return output.columns || 80
    },
    select: (request) =>
      guard(
        inquirer.select({
          message: request.message,
          choices: request.choices,
          default: request.default,
          pageSize: Math.max(7, request.choices.length),
          loop: false,
        }),
      ),
    checkbox: (request) =>
      guard(
        inquirer.checkbox({
          message: request.message,
          choices: request.choices,
          ...(request.required
            ? {validate: (checked: readonly unknown[]) => (checked.length > 0 ? true : request.required!)}
            : {}),
          pageSize: Math.max(7, request.choices.length),
          loop: false,
        }),
      ),
    input: (request) =>
      guard(
        inquirer.input({
          message: request.message,
          ...(request.default !== undefined ? {default: request.default} : {}),
          validate: (text) => request.validate(text) ?? true,
          // Checked as it is typed: the reason shows beside the text before Enter is pressed. Empty
          // text takes the default on Enter, so it is not judged until then.
          transformer: (text, {isFinal}) => {
            const problem = isFinal || text === '' ? undefined : request.validate(text)
            return problem ? `${text}  ${styleText('red', `✗ ${problem}`, {stream: output})}` : text
          },
        }),
      ),
    confirm: (request) => guard(inquirer.confirm({message: request.message, default: request.default})),
    say: (text) => {
      output.write(`${text}\n`)
    },
    // styleText leaves text plain when NO_COLOR is set or stdout is not a colour terminal.
    style: (format, text) => styleText(format, text, {stream: output}),
  }
}
