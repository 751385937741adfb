import {spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, lstatSync, readdirSync, readFileSync, readlinkSync} from 'node:fs'
import {join} from 'node:path'
import {REPO_ROOT} from './shared.js'

/** The built CLI: tests run what users run. */
export const BIN = join(REPO_ROOT, 'bin/run.js')

export function requireBuild(): void {
  if (!existsSync(join(REPO_ROOT, 'dist/commands.js')))
    throw new Error('dist/ is missing: run `npm run build` first')
}

/** The environment of a CLI run: no colours, no debug output, no Helm, no namespace from the caller. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const {
    DEBUG: _debug,
    HELM_DEBUG: _helmDebug,
    HELM_NAMESPACE: _namespace,
    HELM_PLUGIN_NAME: _plugin,
    ...inherited
  } = process.env
  return {...inherited, NO_COLOR: '1', OCLIF_COLUMNS: '200', HELM_BIN: 'helm-not-installed', ...extra}
}

export interface CliResult {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the CLI to completion without a terminal (stdin is an empty pipe, as in CI). */
export function runCli(
  cwd: string,
  args: string[],
  options: {env?: Record<string, string>; input?: string; bin?: string; timeoutMs?: number} = {},
): CliResult {
  const started = performance.now()
  const result = spawnSync(process.execPath, [options.bin ?? BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    env: cliEnv(options.env),
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: performance.now() - started,
  }
}

/** Starts the CLI and returns the child, for tests that signal it while it runs. */
export function startCli(cwd: string, args: string[]) {
  return spawn(process.execPath, [BIN, ...args], {cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe']})
}

/**
 * Everything under `root`, without following links: directories, files (by content hash and
 * mode) and symbolic links (by target). Two equal snapshots mean nothing was added, removed or
 * changed.
 */
export function snapshotTree(root: string): Map<string, string> {
  const entries = new Map<string, string>()
  if (!existsSync(root)) return entries
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const relative = prefix ? `${prefix}/${name}` : name
      const stat = lstatSync(path)
      if (stat.isSymbolicLink()) entries.set(relative, `link ${readlinkSync(path)}`)
      else if (stat.isDirectory()) {
        entries.set(relative, 'dir')
        walk(path, relative)
      } else {
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex')
        entries.set(relative, `file ${(stat.mode & 0o777).toString(8)} ${hash}`)
      }
    }
  }
  walk(root, '')
  return entries
}

/** The files under `root` with their contents, for comparing two stacks byte for byte. */
export function readFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const relative = prefix ? `${prefix}/${name}` : name
      if (lstatSync(path).isDirectory()) walk(path, relative)
      else files.set(relative, readFileSync(path))
    }
  }
  walk(root, '')
  return files
}

/** A stack trace line as Node prints them. */
export const STACK_TRACE = /^\s+at .+[(:]\d+/m
