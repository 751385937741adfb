import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {wrapUsage} from '../src/cli/help.js'
import {COMMANDS} from '../src/commands.js'
import {requireBuild, runCli, STACK_TRACE} from './support/cli.js'

let work: string
beforeAll(() => {
  requireBuild()
  work = mkdtempSync(join(tmpdir(), 'prodstack-help-'))
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

const help = (args: string[], env: Record<string, string> = {}) => runCli(work, args, {env})
// `help --help` is the root help, as in oclif: help's own help is part of the root's.
const COMMAND_IDS = Object.keys(COMMANDS).filter((id) => id !== 'help')

/** The USAGE section's lines, as printed. */
function usageLines(text: string): string[] {
  const section = /^USAGE\n([\s\S]*?)\n\n/m.exec(text)
  if (!section?.[1]) throw new Error(`no USAGE section in:\n${text}`)
  return section[1].split('\n')
}

function balanced(line: string): boolean {
  let depth = 0
  for (const char of line) {
    if ('[<('.includes(char)) depth++
    if (']>)'.includes(char)) depth--
    if (depth < 0) return false
  }
  return depth === 0
}

describe('help', () => {
  it.each([[[]], ...COMMAND_IDS.map((id) => [[id]])])(
    '`prodstack %s -h`, `--help` and `help` print the same help',
    (command: string[]) => {
      const long = help([...command, '--help'])
      expect(long.status, long.stderr).toBe(0)
      expect(long.stdout).toContain('USAGE')
      expect(long.stderr).toBe('')
      for (const args of [
        [...command, '-h'],
        ['help', ...command],
        ['-h', ...command],
      ]) {
        const result = help(args)
        expect(result.stderr, args.join(' ')).toBe('')
        expect(result.status, args.join(' ')).toBe(0)
        expect(result.stdout, args.join(' ')).toBe(long.stdout)
      }
    },
  )

  it('lists help among the commands, and takes anything after the command name', () => {
    expect(help(['--help']).stdout).toMatch(/^ {2}help +Show help for prodstack/m)
    expect(help(['help', 'plan', '--json']).stdout).toBe(help(['plan', '--help']).stdout)
    expect(help(['init', '--yes', '-h']).stdout).toBe(help(['init', '--help']).stdout)
  })

  it('reports help for an unknown command as a usage error, with did-you-mean', () => {
    for (const args of [
      ['help', 'iinit'],
      ['iinit', '-h'],
      ['iinit', '--help'],
    ]) {
      const result = help(args)
      expect(result.status, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toBe('Error: prodstack has no command "iinit" (did you mean init?)\n')
    }
    const json = help(['help', 'iinit', '--json'])
    expect(json.status).toBe(2)
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout).error).toMatchObject({code: 'USAGE', exitCode: 2})
    expect(help(['help', 'zzzzzz']).stderr).toContain('(see prodstack --help)')
    expect(help(['help', 'zzzzzz']).stderr).not.toMatch(STACK_TRACE)
  })

  it.each([60, 80, 100, 120])('wraps usage lines between flags, never inside one (%i columns)', (columns) => {
    for (const id of COMMAND_IDS) {
      const wide = usageLines(help([id, '--help'], {OCLIF_COLUMNS: '1000'}).stdout)
      expect(wide, id).toHaveLength(1)
      const lines = usageLines(help([id, '--help'], {OCLIF_COLUMNS: String(columns)}).stdout)
      for (const line of lines) {
        expect(line.length, `${id}: ${line}`).toBeLessThanOrEqual(columns)
        expect(balanced(line), `${id}: a flag split across lines: ${line}`).toBe(true)
      }
      expect(lines[0]).toMatch(new RegExp(`^ {2}\\$ prodstack ${id}\\b`))
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {6}\S/)
      expect(lines.map((line) => line.trim()).join(' ')).toBe(wide[0]!.trim())
    }
  })

  it('shows the command as typed under Helm: helm prodstack', () => {
    const env = {HELM_PLUGIN_NAME: 'prodstack'}
    const root = help(['-h'], env)
    expect(usageLines(root.stdout)[0]).toBe('  $ helm prodstack [COMMAND]')
    const init = help(['init', '-h'], env)
    expect(usageLines(init.stdout)[0]).toMatch(/^ {2}\$ helm prodstack init \[DIR\]/)
    expect(init.stdout).toContain('$ helm prodstack init --yes my-stack')
    expect(help(['init', '--cni'], env).stderr).toContain('(see helm prodstack init --help)')
    expect(help(['iinit'], env).stderr).toBe(
      'Error: helm prodstack has no command "iinit" (did you mean init?)\n',
    )
  })
})

describe('wrapUsage', () => {
  it('keeps bracketed groups whole and indents continuation lines', () => {
    const line = '$ prodstack init [DIR] [-a <value>] [-p <value>] [--alert-receiver <value>...] [-y]'
    expect(wrapUsage(line, 30, 4)).toBe(
      [
        '$ prodstack init [DIR]',
        '    [-a <value>] [-p <value>]',
        '    [--alert-receiver <value>...]',
        '    [-y]',
      ].join('\n'),
    )
    expect(wrapUsage(line, 200, 4)).toBe(line)
    // A group longer than the width gets a line of its own rather than being cut.
    expect(wrapUsage('$ x [--a-very-long-flag <value>]', 10, 2)).toBe('$ x\n  [--a-very-long-flag <value>]')
  })
})
