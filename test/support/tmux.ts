import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe} from 'vitest'
import {IN_CI} from './shared.js'

const tmuxFound = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0

/** describe() for terminal tests: skipped with a message outside CI when tmux is missing, an error in CI. */
export function describeWithTmux(name: string, body: () => void) {
  if (tmuxFound) return describe(name, body)
  if (IN_CI) throw new Error(`${name}: tmux is not on PATH, and CI=true forbids skipping`)
  console.warn(`SKIPPED ${name}: tmux is not on PATH (install tmux to run the terminal tests)`)
  return describe.skip(name, body)
}

/**
 * A private tmux server for one test file (its own socket, no user configuration), killed after the
 * file. `config` keeps a pane readable after its program exits.
 */
export function tmuxServer(socket: string, configDir: () => string) {
  const state = {config: ''}
  const tmux = (...args: string[]) => {
    const result = spawnSync('tmux', ['-L', socket, ...args], {
      encoding: 'utf8',
      env: {...process.env, TERM: 'xterm-256color'},
    })
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`)
    return result.stdout
  }
  beforeAll(() => {
    state.config = join(configDir(), 'tmux.conf')
    writeFileSync(state.config, 'set -g remain-on-exit on\nset -g history-limit 5000\n')
  })
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server'])
  })
  return {tmux, config: () => state.config}
}
