/**
 * The layers keep to their side: the planning core and the renderer are pure, use cases never reach
 * into the CLI, and nothing outside the catalog knows a component by name.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CATALOG} from '../../src/catalog/index.js'
import {REPO_ROOT} from '../support/shared.js'

const SRC = join(REPO_ROOT, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every module specifier a file imports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)]
  return specifiers.map((match) => match[1] ?? match[2]!)
}

/** The src/ folder an import lands in, or the package it names. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier
  return relative(SRC, join(file, '..', specifier)).split('/')[0]!
}

/** Quoted component ids in a text, as `line id`. */
function componentIdHits(text: string): string[] {
  const ids = CATALOG.components.map((component) => component.id)
  const pattern = new RegExp(`['"\`](${ids.join('|')})['"\`]`, 'g')
  // Comments, and the names of containers in upstream pods (`container: 'prometheus'`), are not references.
  return text
    .split('\n')
    .flatMap((line, index) =>
      /^\s*(\/\/|\*|\/\*)/.test(line)
        ? []
        : [...line.replace(/\bcontainer: '[^']*'/g, '').matchAll(pattern)].map(
            (match) => `${index + 1} ${match[1]}`,
          ),
    )
}

const PURE = ['plan', 'render', 'catalog', 'answers']
const SIDE_EFFECTS = [
  'io',
  'node:fs',
  'node:fs/promises',
  'fs',
  'execa',
  '@inquirer/prompts',
  'node:child_process',
]

describe('architecture', () => {
  it('keeps plan/, render/, catalog/ and answers/ free of I/O: no io/, node:fs, execa or prompts', () => {
    const breaches: string[] = []
    for (const folder of PURE) {
      for (const file of sources(join(SRC, folder))) {
        for (const specifier of importsOf(file)) {
          const lands = target(file, specifier)
          if (SIDE_EFFECTS.includes(lands) || SIDE_EFFECTS.includes(specifier))
            breaches.push(`${relative(REPO_ROOT, file)} imports ${specifier}`)
        }
      }
    }
    expect(breaches).toEqual([])
  })

  it('keeps app/ (the use cases) out of cli/ and commands/', () => {
    const breaches = sources(join(SRC, 'app')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => ['cli', 'commands'].includes(target(file, specifier)))
        .map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`),
    )
    expect(breaches).toEqual([])
  })

  it('keeps commands/ thin: they parse flags, call a use case in app/ and print, never reaching the pipeline', () => {
    const pipeline = ['io', 'plan', 'render', 'merge', 'schema', ...SIDE_EFFECTS]
    const breaches = sources(join(SRC, 'commands')).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => pipeline.includes(target(file, specifier)) || pipeline.includes(specifier))
        .map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`),
    )
    expect(breaches).toEqual([])
  })

  it('names no component outside src/catalog/: presets, flags and rules come from catalog data', () => {
    const hits = sources(SRC)
      .filter((file) => !relative(SRC, file).startsWith('catalog/'))
      .flatMap((file) =>
        componentIdHits(readFileSync(file, 'utf8')).map((hit) => `${relative(REPO_ROOT, file)}:${hit}`),
      )
    expect(hits).toEqual([])
  })

  it('finds a component id planted in code, so the check above can fail', () => {
    expect(
      componentIdHits("const a = 1\nif (answers.ingress === 'traefik') return `kube-prometheus-stack`"),
    ).toEqual(['2 traefik', '2 kube-prometheus-stack'])
  })
})
