import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parse} from 'yaml'
import type {HelmBinary} from './helm.js'
import {runHelm, withoutRemoteRefs} from './helm.js'
import {SHARED_DIR} from './shared.js'

/** The upstream charts, packaged as `helm dependency update` downloads them (see its SOURCES.md). */
export const SHARED_CHARTS_DIR = join(SHARED_DIR, 'charts')

interface Dependency {
  name: string
  version: string
  repository: string
  alias?: string
}

/**
 * The chart directories (layers) of a generated stack: every directory with a Chart.yaml, or the
 * stack itself (`--layout single`).
 */
export function stackLayers(stackDir: string): string[] {
  if (existsSync(join(stackDir, 'Chart.yaml'))) return ['.']
  return readdirSync(stackDir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() && existsSync(join(stackDir, entry.name, 'Chart.yaml')))
    .map((entry) => entry.name)
    .sort()
}

export function chartDependencies(chartDir: string): Dependency[] {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as {dependencies?: Dependency[]}
  return chart.dependencies ?? []
}

/** Does the packaged chart's values.schema.json `$ref` a URL? */
function remoteRefs(tgz: string): boolean {
  const listing = execFileSync('tar', ['-tzf', tgz], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  const schema = listing.split('\n').find((path) => /^[^/]+\/values\.schema\.json$/.test(path))
  if (!schema) return false
  const text = execFileSync('tar', ['-xzOf', tgz, schema], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  return /"\$ref"\s*:\s*"https?:/.test(text)
}

/**
 * What `helm dependency update` does for each layer of a stack, without the internet: a dependency
 * from a chart repository is copied from ../shared/charts/NAME-VERSION.tgz into `<layer>/charts/`; a
 * `file://` one is packaged from its directory with `helm package`, as Helm does. A chart whose
 * schema `$ref`s the internet is unpacked with those references removed (offline only). Returns
 * what was written, relative to the stack.
 */
export function vendorStackCharts(stackDir: string, helm: HelmBinary): string[] {
  const written: string[] = []
  for (const layer of stackLayers(stackDir)) {
    const chartDir = join(stackDir, layer)
    const dependencies = chartDependencies(chartDir)
    if (dependencies.length === 0) continue
    const charts = join(chartDir, 'charts')
    mkdirSync(charts, {recursive: true})
    for (const dependency of dependencies) {
      const file = `${dependency.name}-${dependency.version}.tgz`
      if (dependency.repository.startsWith('file://')) {
        const source = resolve(chartDir, dependency.repository.slice('file://'.length))
        runHelm(helm, ['package', source, '--destination', charts])
      } else {
        const source = join(SHARED_CHARTS_DIR, file)
        if (!existsSync(source))
          throw new Error(`${layer}: ${dependency.name} ${dependency.version} is not in ${SHARED_CHARTS_DIR}`)
        if (remoteRefs(source)) {
          // Offline, Helm cannot load a schema that $refs the internet (F5's nginx-ingress): unpack
          // the chart (Helm loads a directory in charts/ like a package) with those $refs opened up.
          execFileSync('tar', ['-xzf', source, '-C', charts])
          const schema = join(charts, dependency.name, 'values.schema.json')
          writeFileSync(schema, JSON.stringify(withoutRemoteRefs(JSON.parse(readFileSync(schema, 'utf8')))))
          written.push(`${layer}/charts/${dependency.name}/ (unpacked, remote $refs removed)`)
          continue
        }
        copyFileSync(source, join(charts, file))
      }
      written.push(`${layer}/charts/${file}`)
    }
  }
  return written
}
