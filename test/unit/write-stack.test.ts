import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {UserError} from '../../src/errors.js'
import {checkTarget, recoverInterrupted, writeStack} from '../../src/io/write-stack.js'

let parent: string
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'prodstack-write-'))
})
afterEach(() => rmSync(parent, {recursive: true, force: true}))

const files = new Map([
  ['prodstack.yaml', 'apiVersion: prodstack.dev/v1\n'],
  ['20-network/Chart.yaml', 'name: x\n'],
])

function errorOf(run: () => unknown): UserError {
  try {
    run()
  } catch (error) {
    return error as UserError
  }
  throw new Error('expected an error')
}

describe('writing a stack', () => {
  it('creates the directory with every file and leaves no temporary directory behind', () => {
    const result = writeStack(checkTarget(join(parent, 'stack'), false), files)
    expect(result).toMatchObject({files: 2, replaced: false})
    expect(readFileSync(join(parent, 'stack/20-network/Chart.yaml'), 'utf8')).toBe('name: x\n')
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('writes into an existing empty directory', () => {
    mkdirSync(join(parent, 'empty'))
    writeStack(checkTarget(join(parent, 'empty'), false), files)
    expect(existsSync(join(parent, 'empty/prodstack.yaml'))).toBe(true)
  })

  it('refuses a non-empty directory without --force, and changes nothing', () => {
    mkdirSync(join(parent, 'stack'))
    writeFileSync(join(parent, 'stack/prodstack.yaml'), 'old')
    const error = errorOf(() => writeStack(checkTarget(join(parent, 'stack'), false), files))
    expect(error.code).toBe('TARGET_NOT_EMPTY')
    expect(error.problems[0]?.hint).toBe('pass --force to replace this stack')
    expect(readdirSync(join(parent, 'stack'))).toEqual(['prodstack.yaml'])
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('replaces a previous stack with --force, removing its stale files', () => {
    mkdirSync(join(parent, 'stack/50-mesh'), {recursive: true})
    writeFileSync(join(parent, 'stack/prodstack.yaml'), 'old')
    writeFileSync(join(parent, 'stack/50-mesh/Chart.yaml'), 'old')
    const result = writeStack(checkTarget(join(parent, 'stack'), true), files)
    expect(result.replaced).toBe(true)
    expect(readdirSync(join(parent, 'stack')).sort()).toEqual(['20-network', 'prodstack.yaml'])
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('never replaces a directory prodstack did not write, even with --force', () => {
    mkdirSync(join(parent, 'project'))
    writeFileSync(join(parent, 'project/main.go'), 'package main')
    const error = errorOf(() => writeStack(checkTarget(join(parent, 'project'), true), files))
    expect(error.message).toContain('is not a prodstack stack')
    expect(readFileSync(join(parent, 'project/main.go'), 'utf8')).toBe('package main')
  })

  it('replaces a linked stack where the link points, and keeps the link', () => {
    mkdirSync(join(parent, 'real'))
    writeFileSync(join(parent, 'real/prodstack.yaml'), 'old')
    symlinkSync(join(parent, 'real'), join(parent, 'link'))
    writeStack(checkTarget(join(parent, 'link'), true), files)
    expect(lstatSync(join(parent, 'link')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(parent, 'real/prodstack.yaml'), 'utf8')).toBe('apiVersion: prodstack.dev/v1\n')
    expect(readdirSync(parent).sort()).toEqual(['link', 'real'])
  })

  it('writes nothing where directories cannot be created (e.g. /proc), and says so', () => {
    const error = errorOf(() => writeStack(checkTarget('/proc/prodstack-unwritable', false), files))
    expect(error.code).toBe('WRITE_FAILED')
    expect(error.problems[0]).toMatchObject({message: 'cannot create files in /proc (ENOENT)'})
    expect(existsSync('/proc/prodstack-unwritable')).toBe(false)
  })

  it('refuses a file where a directory is expected', () => {
    writeFileSync(join(parent, 'file'), 'x')
    expect(
      errorOf(() => writeStack(checkTarget(join(parent, 'file'), true), files)).problems[0]?.message,
    ).toBe('is a file, not a directory')
  })

  it('refuses a target whose parent does not exist', () => {
    const error = errorOf(() => writeStack(checkTarget(join(parent, 'missing/stack'), false), files))
    expect(error.problems[0]?.message).toContain('does not exist')
  })

  it('refuses paths that would escape the stack directory, and cleans up', () => {
    const evil = new Map([['../escaped.txt', 'x']])
    expect(() => writeStack(checkTarget(join(parent, 'stack'), false), evil)).toThrow(UserError)
    expect(readdirSync(parent)).toEqual([])
  })
})

describe('recovering from a run that was killed outright', () => {
  const deadPid = 2 ** 22 + 12345

  it('removes a half-written copy left by a dead run', () => {
    mkdirSync(join(parent, `.stack.prodstack-new-${deadPid}/20-network`), {recursive: true})
    writeStack(checkTarget(join(parent, 'stack'), false), files)
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('counts a previous stack a dead run had moved aside as the target: checking refuses without --force and changes nothing', () => {
    const old = `.stack.prodstack-old-${deadPid}`
    mkdirSync(join(parent, old))
    writeFileSync(join(parent, old, 'prodstack.yaml'), 'previous')
    const error = errorOf(() => checkTarget(join(parent, 'stack'), false))
    expect(error.code).toBe('TARGET_NOT_EMPTY')
    expect(readdirSync(parent)).toEqual([old])
  })

  it('puts that stack back before replacing it with --force, keeping what the user kept in it', () => {
    const old = `.stack.prodstack-old-${deadPid}`
    mkdirSync(join(parent, old))
    writeFileSync(join(parent, old, 'prodstack.yaml'), 'previous')
    writeFileSync(join(parent, old, 'NOTES.md'), 'mine')
    const checked = checkTarget(join(parent, 'stack'), true)
    expect(checked.state).toBe('stack')
    expect(readdirSync(parent)).toEqual([old])
    writeStack(checked, files)
    expect(readdirSync(parent)).toEqual(['stack'])
    expect(readFileSync(join(parent, 'stack/NOTES.md'), 'utf8')).toBe('mine')
    expect(readFileSync(join(parent, 'stack/prodstack.yaml'), 'utf8')).toBe('apiVersion: prodstack.dev/v1\n')
  })

  it('writes nothing when the target changed between the check and the write', () => {
    const target = join(parent, 'stack')
    const checked = checkTarget(target, false)
    mkdirSync(target)
    writeFileSync(join(target, 'theirs.txt'), 'made meanwhile')
    const error = errorOf(() => writeStack(checked, files))
    expect(error.code).toBe('WRITE_FAILED')
    expect(error.problems[0]?.message).toBe('changed since it was checked (missing then, other now)')
    expect(readdirSync(target)).toEqual(['theirs.txt'])
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('leaves the temporary directories of a live run alone', () => {
    const live = `.stack.prodstack-new-${process.pid}`
    mkdirSync(join(parent, live))
    recoverInterrupted(join(parent, 'stack'))
    expect(readdirSync(parent)).toEqual([live])
  })
})

describe('replacing a stack kept in its own repository', () => {
  it('replaces the stack and keeps what is not part of it (.git, notes), dropping stale layers', () => {
    const stack = join(parent, 'stack')
    mkdirSync(join(stack, '.git'), {recursive: true})
    mkdirSync(join(stack, '60-platform'), {recursive: true})
    writeFileSync(join(stack, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    writeFileSync(join(stack, 'NOTES.md'), 'ours')
    writeFileSync(join(stack, 'prodstack.yaml'), 'old')
    writeFileSync(join(stack, '60-platform', 'Chart.yaml'), 'old')
    writeStack(checkTarget(stack, true), files)
    expect(readdirSync(stack).sort()).toEqual(['.git', '20-network', 'NOTES.md', 'prodstack.yaml'])
    expect(readFileSync(join(stack, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n')
    expect(readFileSync(join(stack, 'prodstack.yaml'), 'utf8')).toBe('apiVersion: prodstack.dev/v1\n')
    expect(readdirSync(parent)).toEqual(['stack'])
  })

  it('keeps them too when the run was killed between the swap and the carry-over', () => {
    const deadPid = 2 ** 22 + 54321
    const old = join(parent, `.stack.prodstack-old-${deadPid}`)
    mkdirSync(join(old, '.git'), {recursive: true})
    writeFileSync(join(old, '.git', 'HEAD'), 'x')
    writeFileSync(join(old, 'prodstack.yaml'), 'old')
    mkdirSync(join(parent, 'stack'))
    writeFileSync(join(parent, 'stack', 'prodstack.yaml'), 'new')
    recoverInterrupted(join(parent, 'stack'))
    expect(readdirSync(join(parent, 'stack')).sort()).toEqual(['.git', 'prodstack.yaml'])
    expect(readFileSync(join(parent, 'stack', 'prodstack.yaml'), 'utf8')).toBe('new')
    expect(readdirSync(parent)).toEqual(['stack'])
  })
})
