/** Reading a stack directory: its files, and what `helm dependency build` put into each chart's charts/. */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'
import {parse} from 'yaml'

/** A packaged chart is a few MiB; a much larger file is not one, and is not read. */
const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024

/** Is there a regular file (or a link to one) at this path? */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export interface ChartFile {
  /** Where it is, for messages: `charts/nginx-ingress-2.6.4.tgz:nginx-ingress/values.schema.json`. */
  location: string
  text: string
}

/**
 * The dependencies a chart's charts/ directory holds, as `name@version`: packaged charts (read from
 * their Chart.yaml inside the archive, as Helm does) and unpacked chart directories.
 */
export function presentDependencies(chartDir: string): Set<string> {
  const present = new Set<string>()
  const dir = join(chartDir, 'charts')
  if (!existsSync(dir)) return present
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    let text: string | undefined
    if (entry.isDirectory() && existsSync(join(path, 'Chart.yaml')))
      text = readFileSync(join(path, 'Chart.yaml'), 'utf8')
    else if (entry.isFile() && /\.tgz$/.test(entry.name)) {
      const files = readArchive(path, (name) => /^[^/]+\/Chart\.yaml$/.test(name))
      text = files?.values().next().value?.toString('utf8')
    }
    if (!text) continue
    try {
      const chart = parse(text) as {name?: unknown; version?: unknown} | null
      if (chart && typeof chart.name === 'string') present.add(`${chart.name}@${String(chart.version)}`)
    } catch {
      // Not a chart Helm could use either; it is reported as missing.
    }
  }
  return present
}

/**
 * A file in a chart's own crds/ directory, which Helm installs once and never upgrades. Its
 * subcharts' crds/ are left out: whether Helm installs those depends on their conditions (the
 * kube-prometheus-stack CRD subchart is switched off where prometheus-operator-crds installs them).
 */
const CRD_FILE = /^[^/]+\/crds\/[^/]+\.(ya?ml|json)$/

/**
 * The CRD files of the dependencies in a chart's charts/ directory (archives and unpacked charts),
 * in a stable order: what Helm installs from their crds/ on a first install, and skips on upgrade.
 */
export function dependencyCrds(chartDir: string): ChartFile[] {
  const found: ChartFile[] = []
  const dir = join(chartDir, 'charts')
  if (!existsSync(dir)) return found
  const entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isFile() && /\.tgz$/.test(entry.name)) {
      const files = readArchive(path, (name) => CRD_FILE.test(name)) ?? new Map()
      // Keys of archives nested inside are `outer.tgz:inner`: those are subcharts.
      for (const name of [...files.keys()].filter((key) => !key.includes(':')).sort())
        found.push({location: `charts/${entry.name}:${name}`, text: files.get(name)!.toString('utf8')})
    } else if (entry.isDirectory()) {
      const crds = join(path, 'crds')
      if (!existsSync(crds)) continue
      for (const name of readdirSync(crds).sort()) {
        const relative = `${entry.name}/crds/${name}`
        if (CRD_FILE.test(relative) && isFile(join(crds, name)))
          found.push({location: `charts/${relative}`, text: readFileSync(join(crds, name), 'utf8')})
      }
    }
  }
  return found
}

/** Every values.schema.json under a chart's charts/ directory, in archives and unpacked charts alike. */
export function dependencySchemas(chartDir: string): ChartFile[] {
  const found: ChartFile[] = []
  const dir = join(chartDir, 'charts')
  if (!existsSync(dir)) return found
  const walk = (path: string, label: string) => {
    for (const entry of readdirSync(path, {withFileTypes: true})) {
      const child = join(path, entry.name)
      const name = `${label}/${entry.name}`
      if (entry.isDirectory()) walk(child, name)
      else if (entry.isFile() && entry.name === 'values.schema.json')
        found.push({location: name, text: readFileSync(child, 'utf8')})
      else if (entry.isFile() && entry.name.endsWith('.tgz'))
        for (const [inner, bytes] of readArchive(child, (file) => file.endsWith('/values.schema.json')) ?? [])
          found.push({location: `${name}:${inner}`, text: bytes.toString('utf8')})
    }
  }
  walk(dir, 'charts')
  return found
}

/**
 * The files of a gzipped tar archive whose names match, including those of charts packaged inside
 * it; undefined when the file is not a readable archive.
 */
export function readArchive(
  file: string,
  wanted: (name: string) => boolean,
): Map<string, Buffer> | undefined {
  if (statSync(file).size > MAX_ARCHIVE_BYTES) return undefined
  try {
    return tarEntries(gunzipSync(readFileSync(file), {maxOutputLength: 4 * MAX_ARCHIVE_BYTES}), wanted)
  } catch {
    return undefined
  }
}

/** A minimal ustar reader: regular files, with GNU long names and PAX paths, which `helm package` writes. */
function tarEntries(tar: Buffer, wanted: (name: string) => boolean): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  let offset = 0
  let longName: string | undefined
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) break
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '')
    const size = Number.parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1)
    const prefix = field(345, 155)
    const body = tar.subarray(offset + 512, offset + 512 + size)
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    longName = undefined
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '')
    else if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1]
      if (path) longName = path
    } else if (type === '0' || type === '') {
      name = name.replace(/^\.\//, '')
      if (wanted(name)) files.set(name, Buffer.from(body))
      if (name.endsWith('.tgz')) {
        try {
          for (const [inner, bytes] of tarEntries(gunzipSync(body), wanted))
            files.set(`${name}:${inner}`, bytes)
        } catch {
          // A .tgz that is not an archive holds nothing to read.
        }
      }
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
