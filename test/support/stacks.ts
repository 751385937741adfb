import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'vitest'
import {runCli} from './cli.js'

/** `prodstack init --yes` into `work/name` (no Helm); returns the stack directory. */
export function initStack(work: string, name: string, ...flags: string[]): string {
  const result = runCli(work, ['init', '--yes', '--no-dependency-update', ...flags, name])
  expect(result.status, result.stderr).toBe(0)
  return join(work, name)
}

/** Replaces text in a file of a stack, failing the test when the text is not there. */
export function editFile(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file)
  const text = readFileSync(path, 'utf8')
  expect(text, `${file} contains ${JSON.stringify(from)}`).toContain(from)
  writeFileSync(path, text.replace(from, to))
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8')
}

/** `init --answers DIR/prodstack.yaml --force DIR`: regenerate a stack from its answers. */
export function regenerate(work: string, dir: string, ...flags: string[]) {
  return runCli(work, [
    'init',
    '--answers',
    join(dir, 'prodstack.yaml'),
    '--force',
    '--no-dependency-update',
    ...flags,
    dir,
  ])
}

/** The four kinds of hand edit, on the standard stack's network chart (Cilium). */
export const NETWORK_VALUES = '20-network/values.yaml'
export function editByHand(dir: string): void {
  // A value changed, with a comment of its own.
  editFile(
    dir,
    NETWORK_VALUES,
    '      # -- Hubble UI shows service maps and dropped flows.\n      enabled: true',
    '      # -- Hubble UI shows service maps and dropped flows.\n      enabled: false # not before the audit',
  )
  // A key added, with a comment.
  editFile(
    dir,
    NETWORK_VALUES,
    '  hubble:\n',
    '  # Bandwidth limits per pod, from our own experience.\n  bandwidthManager:\n    enabled: true\n  hubble:\n',
  )
  // A key deleted.
  editFile(
    dir,
    NETWORK_VALUES,
    '    relay:\n      # -- Hubble relay aggregates flow logs from every node.\n      enabled: true\n',
    '',
  )
  // A comment added.
  editFile(dir, NETWORK_VALUES, '  ipam:\n', '  # Agreed with the network team.\n  ipam:\n')
}
