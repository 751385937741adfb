/**
 * The README's shell commands, run as written: set-up, usage and the Helm plugin. They run in a copy
 * of the checkout holding what a clone would (tracked and new files, nothing ignored), so set-up
 * really installs and builds, and git must see the copy unchanged afterwards. HOME is a temporary
 * directory; npm's cache and the tool cache are the machine's, so set-up needs no network when
 * they are warm. Commands that cannot run here are skipped, each with its reason.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {describeEachHelm} from './support/helm.js'
import {REPO_ROOT} from './support/shared.js'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')

/** The `sh` blocks of a `## heading` section, as commands (continuation lines joined). */
function shellCommands(heading: string): string[] {
  const start = README.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`README has no section "${heading}"`)
  const end = README.indexOf('\n## ', start + 1)
  const section = README.slice(start, end < 0 ? undefined : end)
  const commands: string[] = []
  for (const [, block] of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let pending = ''
    for (const line of block!.split('\n')) {
      if (!line.trim() && !pending) continue
      if (/\\\s*$/.test(line)) {
        pending += `${line.replace(/\\\s*$/, '').trimEnd()} `
        continue
      }
      commands.push(`${pending}${pending ? line.trim() : line}`.trim())
      pending = ''
    }
  }
  if (commands.length === 0) throw new Error(`README section "${heading}" has no sh commands`)
  return commands
}

/** Commands not run here, and why. Each rule must match a command, so none goes stale. */
const SKIPS: Array<{pattern: RegExp; reason: string}> = [
  {pattern: /^bash scripts\/test\.sh\b/, reason: 'it runs this very test suite (CI runs it through .ci/run)'},
  {
    pattern: /^prodstack images\b/,
    reason:
      'it renders with Helm and the charts `helm dependency build` downloads: test/images.test.ts runs it with the real charts offline',
  },
  {
    pattern: /^prodstack (?:install|status|uninstall)\b(?!.*--dry-run)/,
    reason:
      'it needs a cluster: test/cluster/day2.test.ts runs install, status and uninstall on a control plane',
  },
  {
    pattern: /^prodstack init\s+#/,
    reason: 'it asks its questions in a terminal: test/e2e/terminal.test.ts drives it through tmux',
  },
]
/** A command that names a remote URL needs the network. */
const NEEDS_NETWORK = /\b(?:https?|git|oci):\/\//

function skipReason(command: string): string | undefined {
  if (NEEDS_NETWORK.test(command.replace(/#.*$/, ''))) return 'it needs the network'
  return SKIPS.find(({pattern}) => pattern.test(command))?.reason
}

function runnable(commands: string[]): string[] {
  return commands.filter((command) => {
    const reason = skipReason(command)
    if (reason) console.warn(`SKIPPED README command \`${command.replace(/\s+#.*$/, '')}\`: ${reason}`)
    return !reason
  })
}

/** Runs commands in one bash, in order, stopping at the first that fails and naming it. */
function runCommands(commands: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000) {
  const script = [`cd '${cwd}' || exit 1`]
  for (const [index, command] of commands.entries()) {
    script.push(command, `s=$?; if [ $s -ne 0 ]; then echo "README-FAILED ${index} $s" >&2; exit $s; fi`)
  }
  const result = spawnSync('bash', ['-c', script.join('\n')], {
    encoding: 'utf8',
    env,
    input: '',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  })
  const failed = /README-FAILED (\d+) (\d+)/.exec(result.stderr ?? '')
  const output = `${result.stdout}\n${result.stderr}`.slice(-4000)
  const message = failed
    ? `\`${commands[Number(failed[1])]}\` exited ${failed[2]}:\n${output}`
    : `${result.error ?? ''}\n${output}`
  return {status: result.status, message}
}

function npmCache(): string {
  const asked = spawnSync('npm', ['config', 'get', 'cache'], {encoding: 'utf8'})
  return asked.status === 0 && asked.stdout.trim() ? asked.stdout.trim() : join(homedir(), '.npm')
}

let checkout: string
let home: string
const temporary: string[] = []
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

/** A fresh environment: a new HOME, no Helm settings of the caller, the machine's caches. */
function environment(homeDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(HELM_|DEBUG$|PRODSTACK_OLD_NODE$)/.test(name)),
  )
  return {
    ...inherited,
    HOME: homeDir,
    PRODSTACK_TOOLS_DIR: process.env.PRODSTACK_TOOLS_DIR ?? join(homedir(), '.cache/prodstack-tools'),
    npm_config_cache: npmCache(),
    npm_config_prefer_offline: 'true',
    HELM_CACHE_HOME: join(homeDir, '.cache/helm'),
    HELM_CONFIG_HOME: join(homeDir, '.config/helm'),
    HELM_DATA_HOME: join(homeDir, '.local/share/helm'),
    NO_COLOR: '1',
    ...extra,
  }
}

/** Chart repositories unreachable by construction, so nothing downloads charts, online or not. */
const OFFLINE = {HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: ''}

function gitStatus(dir: string): string {
  return spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], {cwd: dir, encoding: 'utf8'})
    .stdout
}

beforeAll(() => {
  // What a clone of the current work would hold: tracked and new files, not ignored ones.
  checkout = join(tmp('prodstack-readme-'), 'prodstack')
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  for (const path of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(REPO_ROOT, path))) continue
    mkdirSync(dirname(join(checkout, path)), {recursive: true})
    cpSync(join(REPO_ROOT, path), join(checkout, path))
  }
  const git = (...args: string[]) => {
    const result = spawnSync(
      'git',
      [
        '-c',
        'user.name=prodstack',
        '-c',
        'user.email=prodstack@example.com',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {cwd: checkout, encoding: 'utf8'},
    )
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  }
  git('init', '--quiet')
  git('add', '--all')
  git('commit', '--quiet', '--message', 'checkout')
  home = tmp('prodstack-readme-home-')
})
afterAll(() => {
  for (const dir of temporary) rmSync(dir, {recursive: true, force: true})
})

describe('the README', () => {
  it('has no placeholders that cannot run', () => {
    expect(README).not.toMatch(/<org>|<your[-_ ]|example\.org\/prodstack|github\.com\/[^/\s]*\/prodstack/)
  })

  it('skips only what it says why, and every skip rule still matches a command', () => {
    const all = ['Set-up', 'Usage', 'As a Helm plugin'].flatMap(shellCommands)
    for (const {pattern} of SKIPS)
      expect(
        all.some((command) => pattern.test(command)),
        `${pattern}`,
      ).toBe(true)
    // Each block runs more than it skips.
    expect(runnable(shellCommands('Usage')).length).toBeGreaterThan(5)
  })

  it('set-up: installs, builds and renders the standard stack, leaves git clean, and can run again', () => {
    const commands = runnable(shellCommands('Set-up'))
    expect(commands).toHaveLength(1)
    const first = runCommands(commands, checkout, environment(home))
    expect(first.status, first.message).toBe(0)
    expect(readFileSync(join(checkout, 'my-stack/prodstack.yaml'), 'utf8')).toContain('preset: standard')
    expect(existsSync(join(checkout, 'dist/commands.js'))).toBe(true)
    expect(gitStatus(checkout)).toBe('')
    const again = runCommands(commands, checkout, environment(home))
    expect(again.status, again.message).toBe(0)
    expect(gitStatus(checkout)).toBe('')
  }, 600_000)

  it('usage: every command runs as written, after set-up, and writes outside the checkout', () => {
    const result = runCommands(runnable(shellCommands('Usage')), checkout, environment(home, OFFLINE))
    expect(result.status, result.message).toBe(0)
    const stacks = join(home, 'stacks')
    for (const stack of ['my-stack', 'prod', 'lab'])
      expect(existsSync(join(stacks, stack, 'prodstack.yaml')), stack).toBe(true)
    expect(readFileSync(join(stacks, 'prod/prodstack.yaml'), 'utf8')).toContain('domain: example.com')
    expect(gitStatus(checkout)).toBe('')
  }, 300_000)

  describeEachHelm('as a Helm plugin', (helm) => {
    it('every command runs as written, after set-up', () => {
      // `helm` on PATH is the Helm under test; a HOME of its own holds its plugins and the stacks.
      const pluginHome = tmp(`prodstack-readme-helm${helm.major}-`)
      const bin = join(pluginHome, 'bin')
      mkdirSync(bin)
      symlinkSync(helm.path, join(bin, 'helm'))
      const env = environment(pluginHome, {...OFFLINE, PATH: `${bin}:${process.env.PATH ?? ''}`})
      const result = runCommands(runnable(shellCommands('As a Helm plugin')), checkout, env)
      expect(result.status, result.message).toBe(0)
      const stacks = join(pluginHome, 'stacks')
      expect(existsSync(join(stacks, 'helm-stack/prodstack.yaml'))).toBe(true)
      expect(readFileSync(join(stacks, 'observability-stack/prodstack.yaml'), 'utf8')).toContain(
        'namespace: observability',
      )
      expect(gitStatus(checkout)).toBe('')
    }, 300_000)
  })
})
