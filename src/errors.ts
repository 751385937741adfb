/**
 * Errors a user can fix. Every problem is one `Problem` line that names the input it came from,
 * what was expected and how to fix it; a `UserError` carries all of them so a run fails once.
 */
export interface Problem {
  /** Where the bad input came from: `--cni`, `prodstack.yaml:/logStore`, `question "CNI"`, `plan`. */
  source: string
  /** What is wrong, in one sentence. */
  message: string
  /** How to fix it, when we know ("did you mean cilium?"). */
  hint?: string
}

export type ErrorCode =
  | 'INVALID_ANSWERS'
  | 'INVALID_PLAN'
  | 'ANSWERS_FILE_UNREADABLE'
  | 'MISSING_ANSWERS'
  | 'TARGET_NOT_EMPTY'
  | 'WRITE_FAILED'
  | 'INVALID_STACK'
  | 'INTERRUPTED'
  | 'MERGE_CONFLICT'
  | 'CHARTS_MISSING'
  | 'HELM_FAILED'
  | 'NO_MIRROR'
  | 'INVALID_OPTION'
  | 'CLUSTER_UNREACHABLE'
  | 'CLUSTER_UNSUPPORTED'
  | 'PREREQUISITES_MISSING'
  | 'INSTALL_FAILED'
  | 'STACK_NOT_READY'
  | 'CONFIRMATION_REQUIRED'
  | 'UNINSTALL_FAILED'

export class UserError extends Error {
  readonly code: ErrorCode
  readonly problems: Problem[]
  readonly exitCode: number
  /**
   * Fields the command's `--json` output has whether it succeeds or fails (validate's report): on
   * failure they sit next to `status` and `error`, as on success next to `status`.
   */
  readonly output?: Record<string, unknown>
  /** Machine-readable context inside `--json`'s error object (MERGE_CONFLICT's conflicts). */
  readonly details?: Record<string, unknown>

  constructor(
    code: ErrorCode,
    message: string,
    problems: Problem[] = [],
    exitCode = 1,
    output?: Record<string, unknown>,
    details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'UserError'
    this.code = code
    this.problems = problems
    this.exitCode = exitCode
    if (output) this.output = output
    if (details) this.details = details
  }
}

export function formatProblem(problem: Problem): string {
  const hint = problem.hint ? ` (${problem.hint})` : ''
  return `${problem.source}: ${problem.message}${hint}`
}

/** Levenshtein distance, for "did you mean" hints on unknown ids. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

/** The closest candidate within a small distance, or undefined. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  const needle = input.toLowerCase()
  for (const candidate of candidates) {
    const distance = candidate.startsWith(needle) ? 1 : editDistance(needle, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined
}
