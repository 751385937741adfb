import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {readFiles} from './support/cli.js'
import {describeEachHelm, helmHome, runHelm, spawnHelm} from './support/helm.js'
import {REPO_ROOT} from './support/shared.js'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

describeEachHelm('helm prodstack', (helm) => {
  let home: string
  let work: string
  beforeAll(() => {
    home = helmHome()
    work = mkdtempSync(join(tmpdir(), 'prodstack-plugin-'))
    runHelm(helm, ['plugin', 'install', REPO_ROOT], {home})
  })
  afterAll(() => {
    rmSync(home, {recursive: true, force: true})
    rmSync(work, {recursive: true, force: true})
  })

  it('installs from a local directory and is listed', () => {
    expect(runHelm(helm, ['plugin', 'list'], {home})).toMatch(/^prodstack\s+0\.1\.0/m)
  })

  it("passes --help through to the CLI's own help", () => {
    const help = runHelm(helm, ['prodstack', '--help'], {home})
    expect(help).toContain('USAGE')
    expect(help).toMatch(/init\s+Generate the Helm charts/)
    expect(runHelm(helm, ['prodstack', 'init', '--help'], {home})).toContain('--cni')
  })

  it('takes -h and help like --help, and names the command as typed: helm prodstack', () => {
    const root = runHelm(helm, ['prodstack', '--help'], {home})
    expect(root).toContain('$ helm prodstack [COMMAND]')
    expect(runHelm(helm, ['prodstack', '-h'], {home})).toBe(root)
    expect(runHelm(helm, ['prodstack', 'help'], {home})).toBe(root)
    const init = runHelm(helm, ['prodstack', 'init', '--help'], {home})
    expect(init).toContain('$ helm prodstack init [DIR]')
    expect(runHelm(helm, ['prodstack', 'init', '-h'], {home})).toBe(init)
    expect(runHelm(helm, ['prodstack', 'help', 'init'], {home})).toBe(init)
    expect(runHelm(helm, ['prodstack', '-n', 'observability', 'init', '-h'], {home})).toBe(init)
    const unknown = spawnHelm(helm, ['prodstack', 'help', 'iinit'], {home})
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('Error: helm prodstack has no command "iinit" (did you mean init?)')
  })

  it('writes the same files as the CLI run directly', () => {
    const args = ['init', '--yes', '--preset', 'standard', '--no-dependency-update']
    // Both into a directory named `stack`: the directory names the stack.
    for (const parent of ['via-helm', 'direct']) mkdirSync(join(work, parent))
    const viaHelm = spawnHelm(helm, ['prodstack', ...args, join(work, 'via-helm', 'stack')], {home})
    expect(viaHelm.stderr).toBe('')
    expect(viaHelm.status).toBe(0)
    execFileSync(process.execPath, [join(REPO_ROOT, 'bin/run.js'), ...args, join(work, 'direct', 'stack')], {
      stdio: 'ignore',
    })
    expect(readFiles(join(work, 'via-helm', 'stack'))).toEqual(readFiles(join(work, 'direct', 'stack')))
  })

  it("uses Helm's -n as the platform namespace", () => {
    const dir = join(work, 'namespaced')
    const result = spawnHelm(
      helm,
      ['prodstack', '-n', 'observability', 'init', '--yes', '--no-dependency-update', dir],
      {home},
    )
    expect(result.status).toBe(0)
    expect(readFileSync(join(dir, 'prodstack.yaml'), 'utf8')).toContain('namespace: observability')
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('--namespace observability')
  })

  it("passes a failing command's exit code through", () => {
    const result = spawnHelm(helm, ['prodstack', 'init', '--yes', '--cni', 'bogus', join(work, 'never')], {
      home,
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('--cni: "bogus" is not one of')
  })

  it('runs helm dependency update with HELM_BIN and, offline, still writes the stack and says what to run later', () => {
    const dir = join(work, 'offline')
    // A proxy on a closed port: every chart repository is unreachable, whatever the network.
    const offline = {HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: ''}
    const result = spawnHelm(helm, ['prodstack', 'init', '--yes', '--preset', 'minimal', dir], {
      home,
      env: offline,
    })
    expect(result.status).toBe(0)
    expect(result.stderr).toMatch(/\[1\/\d+\] helm dependency update 20-network/)
    // The cause, whole: Helm reports it before its own error, which is only a consequence.
    expect(result.stdout).toContain(
      '\nhelm dependency update did not complete:\n' +
        '  20-network: cannot reach https://helm.cilium.io/: Get "https://helm.cilium.io/index.yaml": ' +
        'proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused\n',
    )
    expect(result.stdout).not.toContain('no cached repository')
    expect(result.stdout).not.toContain('not available')
    expect(result.stdout).toContain('Run it later:')
    expect(result.stdout).toContain(`helm dependency update ${dir}/`)
    expect(readdirSync(dir)).toContain('prodstack.yaml')
  })

  it('installs from the git repository, building itself in the install hook', async () => {
    const served = mkdtempSync(join(tmpdir(), 'prodstack-git-'))
    execFileSync('git', ['clone', '--quiet', '--bare', REPO_ROOT, join(served, 'prodstack.git')])
    const port = await freePort()
    const daemon = spawn(
      'git',
      [
        'daemon',
        '--reuseaddr',
        `--base-path=${served}`,
        '--export-all',
        '--listen=127.0.0.1',
        `--port=${port}`,
        served,
      ],
      {stdio: 'ignore'},
    )
    const gitHome = helmHome()
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const verify = helm.major === 4 ? ['--verify=false'] : []
      const install = spawnHelm(
        helm,
        ['plugin', 'install', `git://127.0.0.1:${port}/prodstack.git`, ...verify],
        {
          home: gitHome,
        },
      )
      expect(install.status, install.stderr).toBe(0)
      const catalog = spawnHelm(helm, ['prodstack', 'catalog', '--json'], {home: gitHome})
      expect(catalog.status, catalog.stderr).toBe(0)
      expect(JSON.parse(catalog.stdout).components.length).toBeGreaterThanOrEqual(21)
    } finally {
      daemon.kill()
      rmSync(served, {recursive: true, force: true})
      rmSync(gitHome, {recursive: true, force: true})
    }
  }, 300_000)
})

it('keeps the plugin manifest in the legacy format both Helm majors load', () => {
  const manifest = readFileSync(join(REPO_ROOT, 'plugin.yaml'), 'utf8')
  expect(manifest).not.toMatch(/^apiVersion:/m)
  expect(manifest).not.toMatch(/^platformCommand:/m)
  expect(manifest).toMatch(/^version: "\d+\.\d+\.\d+"$/m)
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))
  expect(manifest).toContain(`version: "${pkg.version}"`)
  expect(spawnSync('sh', ['-n', join(REPO_ROOT, 'scripts/helm-plugin-hook.sh')]).status).toBe(0)
})
