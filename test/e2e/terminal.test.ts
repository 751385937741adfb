/**
 * `prodstack init` in a real pseudo-terminal: tmux runs the built CLI, the test types into it with
 * send-keys and reads the screen with capture-pane. Needs tmux on PATH: outside CI a missing tmux
 * skips these tests with a warning; with CI=true it fails them.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {completeAnswers} from '../../src/answers/complete.js'
import {readFiles} from '../support/cli.js'
import {REPO_ROOT} from '../support/shared.js'
import {describeWithTmux, tmuxServer} from '../support/tmux.js'

const BIN = join(REPO_ROOT, 'bin/run.js')
const COLUMNS = 120
const ROWS = 50
/** Colour and emphasis escapes (SGR), which `capture-pane -e` reproduces. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`)

let work: string

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist/commands.js')))
    throw new Error('dist/ is missing: run `npm run build` first')
  work = mkdtempSync(join(tmpdir(), 'prodstack-terminal-'))
})

/** The CLI without a terminal, the way CI runs it. */
function prodstack(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: {...process.env, NO_COLOR: '1', HELM_BIN: 'helm-not-installed'},
    timeout: 30_000,
  })
}

describeWithTmux('prodstack init in a terminal', () => {
  const socket = `prodstack-e2e-${process.pid}`
  const {tmux, config: tmuxConfig} = tmuxServer(socket, () => work)
  let sessions = 0

  /**
   * Starts `prodstack init ARGS` in a fresh, empty directory in a tmux pane of a fixed size, with
   * a clean environment. Its stderr and exit code go to files outside that directory.
   */
  function start(args: string[], env: Record<string, string> = {}) {
    const name = `run${++sessions}`
    const cwd = join(work, name)
    const state = join(work, `${name}-state`)
    mkdirSync(cwd)
    mkdirSync(state)
    const variables = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: work,
      TERM: 'xterm-256color',
      HELM_BIN: 'helm-not-installed',
      ...env,
    }
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
    const script = join(state, 'run.sh')
    writeFileSync(
      script,
      [
        // The shell outlives a Ctrl-C so it can record the exit code (the CLI reads Ctrl-C itself).
        'trap : INT',
        `cd ${quote(cwd)}`,
        `env -i ${Object.entries(variables)
          .map(([key, value]) => `${key}=${quote(value)}`)
          .join(
            ' ',
          )} ${quote(process.execPath)} ${quote(BIN)} init ${args.map(quote).join(' ')} 2> ${quote(join(state, 'stderr'))}`,
        `echo $? > ${quote(join(state, 'exit-code'))}`,
      ].join('\n'),
    )
    tmux(
      '-f',
      tmuxConfig(),
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(COLUMNS),
      '-y',
      String(ROWS),
      `sh ${quote(script)}`,
    )

    const screen = (options: {colours?: boolean} = {}) =>
      tmux('capture-pane', '-p', '-J', ...(options.colours ? ['-e'] : []), '-S', '-1000', '-t', name)

    return {
      cwd,
      screen,
      stderr: () => readFileSync(join(state, 'stderr'), 'utf8'),
      /** Waits until the screen shows `text` (a string or pattern), then returns the screen. */
      async waitFor(text: string | RegExp, timeout = 15_000): Promise<string> {
        const deadline = Date.now() + timeout
        for (;;) {
          const shown = screen()
          if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown
          if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${String(text)}; the screen shows:\n${shown}`)
          await sleep(50)
        }
      },
      /** Waits for the CLI to exit and returns its exit code. */
      async exitCode(timeout = 15_000): Promise<number> {
        const file = join(state, 'exit-code')
        const deadline = Date.now() + timeout
        while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
          if (Date.now() > deadline) throw new Error(`the CLI did not exit; the screen shows:\n${screen()}`)
          await sleep(50)
        }
        return Number(readFileSync(file, 'utf8').trim())
      },
      type: (text: string) => tmux('send-keys', '-t', name, '-l', text),
      press: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
    }
  }

  it('guides through the questions, rejects a wrong name, shows the plan, and writes the stack once confirmed', async () => {
    const run = start([])
    await run.waitFor('? Stack name (my-stack)')
    run.type('Bad_Name')
    // Checked as typed: the reason is beside the text before Enter.
    expect(await run.waitFor(/Bad_Name {2}✗ "Bad_Name" is not a DNS label/)).not.toMatch(
      /^> .*not a DNS label/m,
    )
    run.press('Enter')
    await run.waitFor(/> "Bad_Name" is not a DNS label/)
    run.press('C-u')
    run.type('sho')
    // Text that is valid so far shows no mark.
    expect(await run.waitFor(/\? Stack name sho\s*$/m)).not.toContain('✗')
    run.type('p')
    run.press('Enter')

    await run.waitFor('? Cluster flavour')
    run.press('Enter')
    await run.waitFor('? Starting point')
    run.press('Enter')
    const cni = await run.waitFor('? Pod network (CNI)')
    expect(cni).toMatch(/weave-net\s+2\.9\.0\s+unmaintained\s+Use cilium or calico instead\./)
    run.press('Up')
    await run.waitFor(/❯ calico/)
    run.press('Enter')
    await run.waitFor('? Pod CIDR (10.244.0.0/16)')
    run.press('Enter')

    const ingress = await run.waitFor('? Ingress controller')
    expect(ingress).toMatch(/ingress-nginx\s+4\.15\.1\s+retired\s+\(unavailable: needs --allow-retired\)/)
    expect(ingress).toMatch(/❯ traefik\s+41\.3\.0\s+maintained/)
    // Colours are on in a colour terminal without NO_COLOR.
    expect(run.screen({colours: true})).toMatch(SGR)
    run.press('Enter')
    // Traefik lives in the platform namespace: asked now, before any Secret that lives there.
    await run.waitFor('? Namespace for the platform services (platform)')
    run.press('Enter')
    await run.waitFor('? Base domain for UIs (empty: none)')
    run.type('example.com')
    run.press('Enter')
    await run.waitFor('? cert-manager ClusterIssuer for TLS (letsencrypt-prod)')
    run.press('Enter')
    // With a domain, external-dns can manage its records; none (the default) leaves them to you.
    expect(await run.waitFor('? DNS provider for the UI records (external-dns)')).toMatch(/❯ none/)
    run.press('Enter')
    await run.waitFor('? Install cert-manager v1.21.1? (Y/n)')
    run.press('Enter')
    await run.waitFor('? Service mesh')
    run.press('Enter')
    await run.waitFor('? Metrics and alerting')
    run.press('Enter')
    await run.waitFor('? Install metrics-server 3.13.1? (Y/n)')
    run.press('Enter')
    await run.waitFor('? Add an alert receiver? (y/N)')
    run.press('Enter')
    await run.waitFor('? Log agent')
    run.press('Enter')
    const store = await run.waitFor('? Log store')
    expect(store).toContain('none (unavailable: fluent-bit needs loki, elasticsearch or opensearch)')
    run.press('Enter')
    const dashboards = await run.waitFor('? Dashboards')
    expect(dashboards).toMatch(/kibana\s+0\.20\.0\s+maintained \(unavailable: needs elasticsearch\)/)
    run.press('Enter')
    await run.waitFor('? Chart layout')
    run.press('Enter')

    const summary = await run.waitFor(/\? Write \d+ files to shop\? \(Y\/n\)/)
    expect(summary).toContain('Stack shop (preset standard, cluster generic, layout layered)')
    expect(summary).toMatch(/Calico\s+crd\.projectcalico\.org\.v1@v3\.32\.1, tigera-operator@v3\.32\.1/)
    expect(summary).toContain('cert-manager@v1.21.1  (added for TLS on UIs under example.com)')
    expect(summary).toContain('Warnings:')
    expect(summary).toContain('Install layers, in order:')
    expect(summary).toContain('3. 20-network  release shop-network in kube-system: tigera-operator')
    // Nothing is written before the confirmation.
    expect(readdirSync(run.cwd)).toEqual([])
    run.type('y')
    run.press('Enter')

    expect(await run.exitCode()).toBe(0)
    const after = await run.waitFor('Next steps:')
    expect(after).toMatch(/Wrote \d+ files to shop\./)
    const steps = after.slice(after.indexOf('Next steps:'))
    expect(steps.indexOf('helm dependency update ./20-network')).toBeLessThan(
      steps.indexOf('helm upgrade --install shop-network ./20-network'),
    )
    expect(steps.indexOf('./20-network --namespace')).toBeLessThan(steps.indexOf('./60-platform --namespace'))
    expect(after).toContain('prodstack init --answers shop/prodstack.yaml --force shop')

    const stack = join(run.cwd, 'shop')
    const answers = parse(readFileSync(join(stack, 'prodstack.yaml'), 'utf8'))
    expect(answers).toMatchObject({
      name: 'shop',
      cluster: 'generic',
      cni: 'calico',
      ingress: 'traefik',
      domain: 'example.com',
      logStore: 'loki',
      dashboards: ['grafana'],
    })
    const network = parse(readFileSync(join(stack, '20-network/Chart.yaml'), 'utf8'))
    expect(network.dependencies).toEqual([
      expect.objectContaining({name: 'tigera-operator', version: 'v3.32.1'}),
    ])
    const platform = parse(readFileSync(join(stack, '60-platform/Chart.yaml'), 'utf8'))
    expect(platform.dependencies.map((dependency: {name: string}) => dependency.name)).toEqual([
      'traefik',
      'kube-prometheus-stack',
      'metrics-server',
      'fluent-bit',
      'loki',
      'grafana',
    ])
    expect(readFileSync(join(stack, '60-platform/values.yaml'), 'utf8')).toContain('grafana.example.com')

    // The answers written by the questionnaire regenerate the same stack without a terminal.
    const again = prodstack(run.cwd, 'init', '--answers', 'shop/prodstack.yaml', 'regenerated')
    expect(again.stderr).not.toContain('Error')
    expect(again.status).toBe(0)
    expect(readFiles(join(run.cwd, 'regenerated'))).toEqual(readFiles(stack))
  })

  it('stops on Ctrl-C with exit code 130 and one line, and writes nothing', async () => {
    const run = start([], {NO_COLOR: '1'})
    await run.waitFor('? Stack name')
    run.type('halfway')
    run.press('Enter')
    await run.waitFor('? Cluster flavour')
    // NO_COLOR: the prompts are plain text.
    expect(run.screen({colours: true})).not.toMatch(SGR)
    run.press('C-c')
    expect(await run.exitCode()).toBe(130)
    expect(run.stderr()).toBe('Error: Cancelled: nothing was written\n')
    expect(readdirSync(run.cwd)).toEqual([])
  })

  it('asks only what an answers file leaves open, and writes nothing when the plan is declined', async () => {
    const {apiVersion, name: _name, domain: _domain, ...rest} = completeAnswers({preset: 'minimal'})
    const file = join(work, 'partial.yaml')
    writeFileSync(file, stringify({apiVersion, ...rest}))
    const run = start(['--answers', file])
    await run.waitFor('? Stack name')
    run.type('tiny')
    run.press('Enter')
    await run.waitFor('? Base domain for UIs')
    run.press('Enter')
    const summary = await run.waitFor(/\? Write \d+ files to tiny\?/)
    expect(summary).not.toContain('Cluster flavour')
    expect(summary).not.toContain('Pod network (CNI)')
    run.type('n')
    run.press('Enter')
    expect(await run.exitCode()).toBe(1)
    expect(run.stderr()).toBe('Error: Nothing was written: the plan was not confirmed\n')
    expect(readdirSync(run.cwd)).toEqual([])
  })
})

describe('prodstack init without a terminal', () => {
  it('fails within a second when questions are unanswered, listing the flags, without waiting for input', async () => {
    const cwd = mkdtempSync(join(work, 'pipe-'))
    const started = Date.now()
    // stdin stays open and empty, as in a pipeline that never writes: the run must not wait on it.
    const child = spawn(process.execPath, [BIN, 'init'], {
      cwd,
      env: {...process.env, NO_COLOR: '1', HELM_BIN: 'helm-not-installed'},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill(), 10_000)
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    )
    clearTimeout(timer)
    child.stdin.destroy()
    expect(code).toBe(1)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(stderr).toContain('Some questions have no answer and there is no terminal to ask them in')
    expect(stderr).toContain('--yes')
    expect(stderr).toContain('--cni <calico|cilium|flannel|weave-net|none>')
    expect(stderr).toContain('--name <value>')
    expect(readdirSync(cwd)).toEqual([])
  })
})

afterAll(() => {
  if (work) rmSync(work, {recursive: true, force: true})
})
