import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {checkNode, isUnsupportedNode, MINIMUM_NODE, unsupportedNodeMessage} from '../bin/check-node.js'
import {BIN, cliEnv, runCli} from './support/cli.js'
import {REPO_ROOT} from './support/shared.js'

/** A Node.js older than 22 on this machine ($PRODSTACK_OLD_NODE, the system's, or one on PATH). */
function oldNode(): {path: string; version: string} | undefined {
  const candidates = [
    process.env.PRODSTACK_OLD_NODE,
    '/usr/bin/node',
    '/usr/local/bin/node',
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'node')),
  ]
  for (const path of candidates) {
    if (!path || !existsSync(path)) continue
    const version = spawnSync(path, ['--version'], {encoding: 'utf8'}).stdout?.trim()
    if (version && isUnsupportedNode(version)) return {path, version}
  }
  return undefined
}

function captured() {
  let text = ''
  return {write: (chunk: string) => (text += chunk), text: () => text}
}

describe('the Node.js version check', () => {
  it('has the floor package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE}`)
  })

  it.each([
    ['18.0.0', true],
    ['20.20.2', true],
    ['v21.7.3', true],
    ['22.11.0', true],
    ['22.12.0', false],
    ['22.22.2', false],
    ['24.21.0', false],
    ['26.0.0', false],
  ])('Node.js %s is unsupported: %s', (version, unsupported) => {
    expect(isUnsupportedNode(version)).toBe(unsupported)
  })

  it('says which version is needed, which one was found, and how to get one', () => {
    const stderr = captured()
    const stdout = captured()
    expect(checkNode({version: '20.20.2', argv: ['init', '--yes'], stdout, stderr})).toBe(false)
    expect(stdout.text()).toBe('')
    const lines = stderr.text().trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('Error: prodstack needs Node.js 22 or newer (found v20.20.2)')
    expect(lines[1]).toMatch(/nodejs\.org.*nvm install/)
    // On Node.js 22 itself the minor version is what matters.
    expect(unsupportedNodeMessage('22.3.0')?.[0]).toBe(
      'prodstack needs Node.js 22.12 or newer (found v22.3.0)',
    )
  })

  it('reports one JSON error object on stdout with --json', () => {
    const stderr = captured()
    const stdout = captured()
    expect(checkNode({version: '18.20.8', argv: ['plan', '--json'], stdout, stderr})).toBe(false)
    expect(stderr.text()).toBe('')
    const {status, error} = JSON.parse(stdout.text())
    expect(status).toBe('error')
    expect(error).toMatchObject({code: 'UNSUPPORTED_NODE', exitCode: 1})
    expect(error.problems[0]).toEqual({
      source: 'node',
      message: 'prodstack needs Node.js 22 or newer (found v18.20.8)',
      hint: expect.stringContaining('nodejs.org'),
    })
  })

  it('lets a supported Node.js through silently', () => {
    const stderr = captured()
    const stdout = captured()
    expect(checkNode({version: process.versions.node, argv: [], stdout, stderr})).toBe(true)
    expect(stdout.text() + stderr.text()).toBe('')
    expect(runCli(REPO_ROOT, ['--version']).status).toBe(0)
  })

  const old = oldNode()
  if (!old)
    console.warn(
      'SKIPPED bin/run.js on an old Node.js: no Node.js older than 22 found (set PRODSTACK_OLD_NODE)',
    )
  it.skipIf(!old)(`bin/run.js on ${old?.version ?? 'an old Node.js'} prints the message and exits 1`, () => {
    for (const args of [['init', '--yes'], ['--help'], []]) {
      const result = spawnSync(old!.path, [BIN, ...args], {encoding: 'utf8', env: cliEnv(), input: ''})
      expect(result.stderr).toBe(
        `Error: prodstack needs Node.js 22 or newer (found ${old!.version})\n${unsupportedNodeMessage(old!.version)![1]}\n`,
      )
      expect(result.stdout).toBe('')
      expect(result.status).toBe(1)
    }
    const json = spawnSync(old!.path, [BIN, 'catalog', '--json'], {encoding: 'utf8', env: cliEnv()})
    expect(json.status).toBe(1)
    expect(JSON.parse(json.stdout).error.code).toBe('UNSUPPORTED_NODE')
  })
})
