import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {REPO_ROOT} from './support/shared.js'

const work = mkdtempSync(join(tmpdir(), 'prodstack-imports-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

/** The modules a CLI run loads, as package names (or `prodstack:<path>` for our own). */
function modulesLoadedBy(...args: string[]): string[] {
  const file = join(work, `imports-${Math.random().toString(36).slice(2)}.json`)
  const hook = pathToFileURL(join(REPO_ROOT, 'test/support/record-imports.mjs')).href
  const result = spawnSync(process.execPath, ['--import', hook, join(REPO_ROOT, 'bin/run.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: {...process.env, PRODSTACK_IMPORTS_FILE: file, HELM_BIN: 'helm-not-installed'},
  })
  expect(result.status, result.stderr).toBe(0)
  const urls: string[] = JSON.parse(readFileSync(file, 'utf8'))
  return urls.map((url) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url)
    if (match) return `${match[1]}/${match[2]}`
    return url.startsWith('file:') ? `prodstack:${url.slice(url.indexOf('/dist/') + 1)}` : url
  })
}

const PROMPTS = /^@inquirer\//
const EXECA = /^execa\//
/** ajv's compiler; the answers validator generated at build time needs only ajv/dist/runtime. */
const AJV_COMPILER = /^ajv\/(?!dist\/runtime\/)/
/** The CycloneDX library: loaded only to write an SBOM (`images --format cyclonedx`). */
const CYCLONEDX = /^@cyclonedx\//
const HANDLEBARS_COMPILER =
  /^handlebars\/(?!runtime\.js|dist\/cjs\/handlebars\.runtime|dist\/cjs\/handlebars\/(?!compiler))/

function loaded(modules: string[], pattern: RegExp): string[] {
  return modules.filter((module) => pattern.test(module))
}

describe('the start-up path', () => {
  it.each([
    ['--version'],
    ['--help'],
    ['-h'],
    ['help'],
    ['init', '--help'],
    ['init', '-h'],
    ['help', 'validate'],
    ['validate', '--help'],
    ['diff', '--help'],
    ['adopt', '--help'],
    ['images', '--help'],
    ['install', '--help'],
    ['status', '--help'],
    ['uninstall', '--help'],
  ])('`prodstack %s` loads no prompts, execa, ajv compiler, Handlebars, CycloneDX or planner', (...args) => {
    const modules = modulesLoadedBy(...args)
    expect(modules.length).toBeGreaterThan(10)
    expect(loaded(modules, PROMPTS)).toEqual([])
    expect(loaded(modules, EXECA)).toEqual([])
    expect(loaded(modules, /^ajv\//)).toEqual([])
    expect(loaded(modules, /^handlebars\//)).toEqual([])
    expect(loaded(modules, CYCLONEDX)).toEqual([])
    expect(
      loaded(modules, /^prodstack:dist\/(plan|render|catalog\/components|images\/(?!defaults\.js))/),
    ).toEqual([])
  })

  it('`prodstack catalog` and `prodstack plan` load no prompts, execa or ajv compiler', () => {
    for (const args of [
      ['catalog', '--json'],
      ['plan', '--preset', 'full', '--json'],
    ]) {
      const modules = modulesLoadedBy(...args)
      expect(
        loaded(modules, /^prodstack:dist\/catalog\/components\//).length,
        args.join(' '),
      ).toBeGreaterThan(0)
      expect(loaded(modules, PROMPTS), args.join(' ')).toEqual([])
      expect(loaded(modules, EXECA), args.join(' ')).toEqual([])
      expect(loaded(modules, AJV_COMPILER), args.join(' ')).toEqual([])
      expect(loaded(modules, CYCLONEDX), args.join(' ')).toEqual([])
    }
  })

  it('`prodstack init --yes` loads no prompts, no ajv or Handlebars compiler, and execa only to run helm', () => {
    const dry = modulesLoadedBy('init', '--yes', '--dry-run', '--json', 'dry')
    expect(loaded(dry, PROMPTS)).toEqual([])
    expect(loaded(dry, EXECA)).toEqual([])
    expect(loaded(dry, HANDLEBARS_COMPILER)).toEqual([])
    expect(loaded(dry, AJV_COMPILER)).toEqual([])
    expect(loaded(dry, /^handlebars\/runtime\.js$/)).toHaveLength(1)
    const written = modulesLoadedBy('init', '--yes', '--json', 'written')
    expect(loaded(written, PROMPTS)).toEqual([])
    expect(loaded(written, EXECA).length).toBeGreaterThan(0)
  })
})
