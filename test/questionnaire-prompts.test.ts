import {afterEach, describe, expect, it, vi} from 'vitest'
import {UserError} from '../src/errors.js'

// The prompt library is replaced: these tests are about what prodstack does with its results.
const select = vi.fn()
vi.mock('@inquirer/prompts', () => ({
  select,
  checkbox: vi.fn(),
  input: vi.fn(),
  confirm: vi.fn(),
}))

const {openTerminalPrompts, CANCELLED_EXIT_CODE, CANCELLED_MESSAGE} = await import('../src/io/prompts.js')

afterEach(() => {
  vi.unstubAllEnvs()
  select.mockReset()
})

describe('terminal prompts', () => {
  it('turn Ctrl-C at a prompt into a one-line cancellation with exit code 130', async () => {
    const exit = new Error('User force closed the prompt with SIGINT')
    exit.name = 'ExitPromptError'
    select.mockRejectedValue(exit)
    const prompts = await openTerminalPrompts()
    const failure = await prompts
      .select({
        id: 'cluster',
        message: 'Cluster flavour',
        choices: [{value: 'generic', name: 'generic'}],
        default: 'generic',
      })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UserError)
    expect(failure).toMatchObject({code: 'INTERRUPTED', exitCode: CANCELLED_EXIT_CODE, problems: []})
    expect(CANCELLED_EXIT_CODE).toBe(130)
    expect((failure as UserError).message).toBe(CANCELLED_MESSAGE)
    expect(CANCELLED_MESSAGE).not.toContain('\n')
  })

  it('let other failures through unchanged', async () => {
    const bug = new TypeError('broken')
    select.mockRejectedValue(bug)
    const prompts = await openTerminalPrompts()
    await expect(
      prompts.select({id: 'x', message: 'x', choices: [{value: 'a', name: 'a'}], default: 'a'}),
    ).rejects.toBe(bug)
  })

  it('hand the prompt library the choices, the default and validation as it expects them', async () => {
    select.mockResolvedValue('b')
    const prompts = await openTerminalPrompts()
    const choices = [
      {value: 'a', name: 'a', disabled: '(unavailable: needs b)'},
      {value: 'b', name: 'b', description: 'the b'},
    ]
    expect(await prompts.select({id: 'x', message: 'Pick', choices, default: 'b'})).toBe('b')
    expect(select).toHaveBeenCalledWith(expect.objectContaining({message: 'Pick', choices, default: 'b'}))
  })

  it('colour text only where colours are wanted (NO_COLOR, FORCE_COLOR, a terminal)', async () => {
    const prompts = await openTerminalPrompts()
    vi.stubEnv('NO_COLOR', undefined)
    vi.stubEnv('FORCE_COLOR', '1')
    expect(prompts.style('yellow', 'retired')).toBe('\u001b[33mretired\u001b[39m')
    vi.stubEnv('FORCE_COLOR', undefined)
    vi.stubEnv('NO_COLOR', '1')
    expect(prompts.style('yellow', 'retired')).toBe('retired')
  })
})
