// Benchmark: start-up, throughput and memory, measured side by side on this machine.
// `npm run bench` (after `npm run build`). Budgets are goals printed with the figures, not tests.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const node = process.execPath
const cli = join(root, 'bin/run.js')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const warmups = 3
const scratch = mkdtempSync(join(tmpdir(), 'prodstack-bench-'))
let counter = 0

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Wall time of a command: warm-ups first (compile cache, page cache), then the median of `runs`. */
function time(label, command, args, {env = {}, fresh} = {}) {
  const sample = () => {
    const extra = fresh ? [join(scratch, `out-${counter++}`)] : []
    const started = process.hrtime.bigint()
    const result = spawnSync(command, [...args, ...extra], {env: {...process.env, ...env}, stdio: 'ignore'})
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    if (result.status !== 0) throw new Error(`${label}: exit ${result.status}`)
    return ms
  }
  for (let i = 0; i < warmups; i++) sample()
  const samples = Array.from({length: runs}, sample)
  return {label, median: median(samples), min: Math.min(...samples)}
}

function helmBinary() {
  for (const candidate of [process.env.HELM_BIN, process.env.HELM4_BIN, process.env.HELM3_BIN]) {
    if (candidate && existsSync(candidate)) return candidate
  }
  const found = spawnSync('sh', ['-c', 'command -v helm'], {encoding: 'utf8'})
  return found.status === 0 ? found.stdout.trim() : undefined
}

/** Peak resident memory of one run, reported by the process itself as it exits. */
function peakMemory(args) {
  const probe =
    "process.on('exit', () => process.stderr.write(`maxrss ${process.resourceUsage().maxRSS}\\n`))"
  const result = spawnSync(
    node,
    ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, cli, ...args],
    {
      encoding: 'utf8',
    },
  )
  const match = /maxrss (\d+)/.exec(result.stderr)
  return match ? Number(match[1]) / 1024 : Number.NaN
}

async function throughput() {
  const [{completeAnswers}, {CATALOG}, {resolvePlan}, {renderStackFiles}, {verifyStack}, schema] =
    await Promise.all([
      import(join(root, 'dist/answers/complete.js')),
      import(join(root, 'dist/catalog/index.js')),
      import(join(root, 'dist/plan/resolve.js')),
      import(join(root, 'dist/app/stack.js')),
      import(join(root, 'dist/app/verify.js')),
      import(join(root, 'dist/answers/schema.js')),
    ])
  const dashboards = Array.from({length: 8}, (_, mask) =>
    schema.DASHBOARD_CHOICES.filter((_, bit) => mask & (1 << bit)),
  )
  let combinations = 0
  let valid = 0
  const started = performance.now()
  for (const cni of schema.CNI_CHOICES)
    for (const ingress of schema.INGRESS_CHOICES)
      for (const mesh of schema.MESH_CHOICES)
        for (const metrics of schema.METRICS_CHOICES)
          for (const logging of schema.LOG_AGENT_CHOICES)
            for (const logStore of schema.LOG_STORE_CHOICES)
              for (const chosen of dashboards)
                for (const domain of [undefined, 'example.com']) {
                  combinations++
                  const input = {
                    preset: 'minimal',
                    cni,
                    ingress,
                    mesh,
                    metrics,
                    logging,
                    logStore,
                    dashboards: chosen,
                  }
                  if (domain) input.domain = domain
                  let plan
                  try {
                    plan = resolvePlan(completeAnswers(input), CATALOG)
                  } catch {
                    continue
                  }
                  valid++
                  // The same steps as `prodstack init`: plan, render, validate values against schemas.
                  await verifyStack(plan, renderStackFiles(plan, '0.0.0'))
                }
  const seconds = (performance.now() - started) / 1000
  return {combinations, valid, seconds}
}

function row(result, floor) {
  return `${result.label.padEnd(44)} ${result.median.toFixed(1).padStart(8)} ms ${result.min.toFixed(1).padStart(8)} ms ${(result.median / floor).toFixed(2).padStart(7)}x`
}

try {
  if (!existsSync(join(root, 'dist/commands.js')))
    throw new Error('dist/ is missing: run npm run build first')
  const floor = time('node -e 0', node, ['-e', '0'])
  const version = time('prodstack --version', node, [cli, '--version'])
  const catalog = time('prodstack catalog --json', node, [cli, 'catalog', '--json'])
  const init = time(
    'prodstack init --yes --preset full',
    node,
    [cli, 'init', '--yes', '--preset', 'full', '--no-dependency-update'],
    {fresh: true},
  )
  console.log(
    `node ${process.version}, ${runs} runs after ${warmups} warm-ups (median, min, ratio to node -e 0)\n`,
  )
  for (const result of [floor, version, catalog, init]) console.log(row(result, floor.median))

  const helm = helmBinary()
  let helmVerdict = 'skipped (no helm binary: set HELM_BIN)'
  if (helm) {
    const home = mkdtempSync(join(tmpdir(), 'prodstack-bench-helm-'))
    const env = {
      HELM_DATA_HOME: join(home, 'data'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_CACHE_HOME: join(home, 'cache'),
    }
    spawnSync(helm, ['plugin', 'install', root], {env: {...process.env, ...env}, stdio: 'ignore'})
    const helmVersion = time('helm version', helm, ['version', '--short'], {env})
    const viaHelm = time(
      'helm prodstack init --yes --preset full',
      helm,
      ['prodstack', 'init', '--yes', '--preset', 'full', '--no-dependency-update'],
      {env, fresh: true},
    )
    rmSync(home, {recursive: true, force: true})
    for (const result of [helmVersion, viaHelm]) console.log(row(result, floor.median))
    const added = viaHelm.median - init.median
    helmVerdict = `${added.toFixed(1)} ms added by Helm vs ${helmVersion.median.toFixed(1)} ms of helm's own start-up: ${added <= helmVersion.median * 1.1 ? 'met' : 'missed'}`
  }

  const memory = peakMemory([
    'init',
    '--yes',
    '--preset',
    'full',
    '--no-dependency-update',
    join(scratch, 'memory'),
  ])
  const space = await throughput()
  console.log(
    `\nwhole space: ${space.combinations} combinations (${space.valid} valid) planned, rendered and validated in ${space.seconds.toFixed(1)} s (${Math.round(space.valid / space.seconds)} stacks/s)`,
  )
  console.log(`peak memory of init --preset full: ${memory.toFixed(1)} MiB`)

  const ratio = init.median / floor.median
  console.log('\nbudgets:')
  console.log(
    `  init --yes --preset full within 2.5x node -e 0: ${ratio.toFixed(2)}x, ${ratio <= 2.5 ? 'met' : 'missed'}`,
  )
  console.log(`  helm prodstack adds no more than Helm's start-up: ${helmVerdict}`)
  console.log(
    `  whole combination space under 10 s: ${space.seconds.toFixed(1)} s, ${space.seconds < 10 ? 'met' : 'missed'}`,
  )
  console.log(`  peak memory under 120 MiB: ${memory.toFixed(1)} MiB, ${memory < 120 ? 'met' : 'missed'}`)
} finally {
  rmSync(scratch, {recursive: true, force: true})
}
