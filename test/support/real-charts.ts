import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parse} from 'yaml'
import type {HelmBinary} from './helm.js'
import {runHelm} from './helm.js'
import {SHARED_DIR} from './shared.js'

/** The upstream charts, packaged as `helm dependency update` downloads them (see its SOURCES.md). */
export const SHARED_CHARTS_DIR = join(SHARED_DIR, 'charts')

interface Dependency {
  name: string
  version: string
  repository: string
  alias?: string
}

/** The chart directories (layers) of a generated stack: every directory with a Chart.yaml. */
export function stackLayers(stackDir: string): string[] {
  return readdirSync(stackDir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() && existsSync(join(stackDir, entry.name, 'Chart.yaml')))
    .map((entry) => entry.name)
    .sort()
}

export function chartDependencies(chartDir: string): Dependency[] {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as {dependencies?: Dependency[]}
  return chart.dependencies ?? []
}

/**
 * What `helm dependency update` does for each layer of a stack, without the internet: a dependency
 * from a chart repository is copied from ../shared/charts/NAME-VERSION.tgz into `<layer>/charts/`; a
 * `file://` one is packaged from its directory with `helm package`, as Helm does. Returns the
 * files written, relative to the stack.
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
        copyFileSync(source, join(charts, file))
      }
      written.push(`${layer}/charts/${file}`)
    }
  }
  return written
}
