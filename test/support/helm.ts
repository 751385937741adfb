import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe} from 'vitest'
import {stringify} from 'yaml'
import {allCharts, CATALOG} from '../../src/catalog/index.js'
import type {FileSet} from '../../src/render/file-set.js'
import {IN_CI, UPSTREAM_DIR, upstreamChartYaml, upstreamValuesText} from './shared.js'

export interface HelmBinary {
  major: 3 | 4
  path: string
}

/** Helm binaries from HELM3_BIN / HELM4_BIN (scripts/test.sh sets them). */
export function helmBinaries(): HelmBinary[] {
  const found: HelmBinary[] = []
  for (const major of [3, 4] as const) {
    const path = process.env[`HELM${major}_BIN`]
    if (path && existsSync(path)) found.push({major, path})
  }
  return found
}

/** describe() per Helm major; skipped with a message outside CI when absent, an error inside CI. */
export function describeEachHelm(name: string, body: (helm: HelmBinary) => void): void {
  const binaries = helmBinaries()
  for (const major of [3, 4] as const) {
    const helm = binaries.find((binary) => binary.major === major)
    if (helm) {
      describe(`${name} (Helm ${major})`, () => body(helm))
    } else if (IN_CI) {
      throw new Error(`${name}: HELM${major}_BIN is not set or missing, and CI=true forbids skipping`)
    } else {
      console.warn(
        `SKIPPED ${name} (Helm ${major}): set HELM${major}_BIN to a helm ${major} binary to run it`,
      )
      describe.skip(`${name} (Helm ${major})`, () => body({major, path: 'helm'}))
    }
  }
}

/** A private Helm home (data, config, cache), so the user's repositories and plugins never leak in. */
export function helmHome(): string {
  return mkdtempSync(join(tmpdir(), 'prodstack-helm-home-'))
}

export interface HelmRunOptions {
  cwd?: string
  /** Keep state (installed plugins) across calls; a throwaway home is used otherwise. */
  home?: string
  env?: Record<string, string>
}

function helmEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Keep the rest of the environment (certificates, npm settings for the plugin's install hook).
  const {
    HELM_BIN: _bin,
    HELM_NAMESPACE: _namespace,
    HELM_DEBUG: _debug,
    HELM_PLUGINS: _plugins,
    ...inherited
  } = process.env
  return {
    ...inherited,
    // The plugin runs `node`: the one running the tests comes first.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    ...extra,
  }
}

/** Runs helm and returns stdout; throws (with stderr) on a non-zero exit. */
export function runHelm(helm: HelmBinary, args: string[], options: HelmRunOptions | string = {}): string {
  const opts = typeof options === 'string' ? {cwd: options} : options
  const home = opts.home ?? helmHome()
  try {
    return execFileSync(helm.path, args, {
      cwd: opts.cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: helmEnv(home, opts.env),
    })
  } finally {
    if (!opts.home) rmSync(home, {recursive: true, force: true})
  }
}

/** Runs helm and returns its exit status and output without throwing. */
export function spawnHelm(helm: HelmBinary, args: string[], options: HelmRunOptions = {}) {
  const home = options.home ?? helmHome()
  try {
    const result = spawnSync(helm.path, args, {
      cwd: options.cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: helmEnv(home, options.env),
      timeout: 300_000,
    })
    return {status: result.status, stdout: result.stdout, stderr: result.stderr}
  } finally {
    if (!options.home) rmSync(home, {recursive: true, force: true})
  }
}

export function writeFileSet(root: string, files: FileSet): void {
  for (const [path, contents] of files) {
    const file = join(root, path)
    mkdirSync(dirname(file), {recursive: true})
    writeFileSync(file, contents)
  }
}

const STUB_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: received-{{ .Chart.Name }}
data:
  values.yaml: |
{{ toYaml .Values | indent 4 }}
`

/**
 * A stand-in for an upstream chart: same name and version, the real upstream values.yaml and
 * values.schema.json when ../shared has them (so Helm applies the real schema), and one template
 * that echoes the values it received, so tests can assert the wiring arrived.
 */
export function writeStubChart(dir: string, alias: string): void {
  const entry = allCharts(CATALOG).find(({chart}) => chart.alias === alias)
  if (!entry) throw new Error(`no chart ${alias}`)
  const {chart} = entry
  const upstream =
    chart.upstreamDir && existsSync(join(UPSTREAM_DIR, chart.upstreamDir)) ? chart.upstreamDir : undefined
  const kubeVersion = upstream ? (upstreamChartYaml(upstream).kubeVersion as string | undefined) : undefined
  mkdirSync(join(dir, 'templates'), {recursive: true})
  writeFileSync(
    join(dir, 'Chart.yaml'),
    stringify({
      apiVersion: 'v2',
      name: chart.chart,
      version: chart.version,
      ...(kubeVersion ? {kubeVersion} : {}),
    }),
  )
  writeFileSync(join(dir, 'values.yaml'), upstream ? upstreamValuesText(upstream) : '{}\n')
  const schema = upstream ? join(UPSTREAM_DIR, upstream, 'values.schema.json') : undefined
  if (schema && existsSync(schema)) {
    writeFileSync(
      join(dir, 'values.schema.json'),
      JSON.stringify(withoutRemoteRefs(JSON.parse(readFileSync(schema, 'utf8')))),
    )
  }
  writeFileSync(join(dir, 'templates', 'received.yaml'), STUB_TEMPLATE)
}

/**
 * Replaces `$ref`s to remote documents (the F5 NGINX schema points at raw.githubusercontent.com)
 * with an open schema: tests run offline, and Helm would otherwise fetch them on every render.
 */
export function withoutRemoteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRemoteRefs)
  if (typeof schema !== 'object' || schema === null) return schema
  const entries = Object.entries(schema as Record<string, unknown>)
  if (entries.some(([key, value]) => key === '$ref' && typeof value === 'string' && /^https?:/.test(value)))
    return {}
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutRemoteRefs(value)]))
}
