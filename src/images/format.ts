import type {ImageOrigin, ListedImage} from './types.js'

/** One image a line, sorted and unique: the input of a mirroring script. */
export function imageList(images: ListedImage[]): string {
  return [...new Set(images.map((image) => image.ref))]
    .sort()
    .map((ref) => `${ref}\n`)
    .join('')
}

const ORIGIN_NOTE: Record<ImageOrigin, string> = {
  manifest: '',
  injected: ' [injected]',
  operator: ' [operator]',
}

export interface TableRow {
  layer: string
  chart: string
  component: string
  image: string
}

/**
 * One row per place an image is used, the containers of one workload in one row, in install order
 * (layer, then chart and workload): LAYER, CHART (`name@version`, and the subchart), COMPONENT (the
 * workload, its containers, and how the image comes to run when no pod spec names it), IMAGE.
 */
export function tableRows(images: ListedImage[], layerOrder: readonly string[]): TableRow[] {
  const merged = new Map<string, {row: TableRow; rank: number; containers: string[]; suffix: string}>()
  for (const image of images) {
    for (const use of image.uses) {
      const chart = `${use.chart}${use.version ? `@${use.version}` : ''}${use.subchart ? ` (${use.subchart})` : ''}`
      const layer = use.layer === '.' ? use.release : use.layer
      const suffix = `${ORIGIN_NOTE[use.origin]}${use.hook ? ` [hook: ${use.hook}]` : ''}`
      const key = JSON.stringify([image.ref, chart, layer, use.workload, suffix])
      const entry = merged.get(key)
      if (entry) entry.containers.push(use.container)
      else
        merged.set(key, {
          row: {layer, chart, component: use.workload, image: image.ref},
          rank: layerOrder.includes(use.layer) ? layerOrder.indexOf(use.layer) : layerOrder.length,
          containers: [use.container],
          suffix,
        })
    }
  }
  return [...merged.values()]
    .map(({row, rank, containers, suffix}) => ({
      rank,
      row: {...row, component: `${row.component} (${containers.join(', ')})${suffix}`},
    }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        compare(a.row.chart, b.row.chart) ||
        compare(a.row.component, b.row.component) ||
        compare(a.row.image, b.row.image),
    )
    .map(({row}) => row)
}

/** The rows as aligned text columns under a header; the image, last, is never padded. */
export function imagesTable(images: ListedImage[], layerOrder: readonly string[]): string {
  const header: TableRow = {layer: 'LAYER', chart: 'CHART', component: 'COMPONENT', image: 'IMAGE'}
  const rows = [header, ...tableRows(images, layerOrder)]
  const columns = ['layer', 'chart', 'component'] as const
  const widths = columns.map((column) => Math.max(...rows.map((row) => row[column].length)))
  return rows
    .map(
      (row) =>
        `${[...columns.map((column, index) => row[column].padEnd(widths[index]!)), row.image].join('  ')}\n`,
    )
    .join('')
}

/** Code-point order: the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
