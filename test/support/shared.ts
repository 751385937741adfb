import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe} from 'vitest'
import {parse} from 'yaml'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const SHARED_DIR = process.env.PRODSTACK_SHARED_DIR ?? resolve(REPO_ROOT, '../shared')
export const UPSTREAM_DIR = join(SHARED_DIR, 'upstream')
export const IN_CI = process.env.CI === 'true'

/**
 * describe() for suites that need ../shared/upstream. Outside CI a missing directory skips the suite
 * with a message saying so; inside CI it is an error, never a silent skip.
 */
export function describeWithShared(name: string, body: () => void): void {
  if (existsSync(UPSTREAM_DIR)) {
    describe(name, body)
    return
  }
  if (IN_CI) throw new Error(`${name}: ${UPSTREAM_DIR} is missing, and CI=true forbids skipping`)
  console.warn(`SKIPPED ${name}: ${UPSTREAM_DIR} not found (set PRODSTACK_SHARED_DIR to run it)`)
  describe.skip(name, body)
}

const cache = new Map<string, unknown>()

function cached<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load())
  return cache.get(key) as T
}

export function upstreamValuesText(dir: string): string {
  return cached(`text:${dir}`, () => readFileSync(join(UPSTREAM_DIR, dir, 'values.yaml'), 'utf8'))
}

export function upstreamValues(dir: string): Record<string, unknown> {
  return cached(`values:${dir}`, () => (parse(upstreamValuesText(dir)) ?? {}) as Record<string, unknown>)
}

export function upstreamSchema(dir: string): Record<string, unknown> | undefined {
  return cached(`schema:${dir}`, () => {
    const file = join(UPSTREAM_DIR, dir, 'values.schema.json')
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined
  })
}

export function upstreamChartYaml(dir: string): Record<string, unknown> {
  return cached(`chart:${dir}`, () => parse(readFileSync(join(UPSTREAM_DIR, dir, 'Chart.yaml'), 'utf8')))
}

export function upstreamSource(dir: string): string {
  return readFileSync(join(UPSTREAM_DIR, dir, 'SOURCE.txt'), 'utf8')
}
