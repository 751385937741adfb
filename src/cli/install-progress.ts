/**
 * How `install` shows its progress on stderr: one JSON object a line with --json (stdout keeps the
 * one result object), a spinner with the elapsed time on a terminal, plain lines anywhere else (CI,
 * a pipe, a log file).
 */
import type {InstallProgress} from '../app/install-stack.js'

export type ProgressMode = 'json' | 'spinner' | 'lines'

export interface ProgressOutput {
  write: (text: string) => void
  /** Milliseconds since some fixed point (performance.now). */
  now?: () => number
  /** How often the spinner redraws. */
  intervalMs?: number
}

/** A terminal gets the spinner, unless CI says it is a log; --json always gets events. */
export function progressMode(json: boolean, stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv): ProgressMode {
  if (json) return 'json'
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0'
  return stream.isTTY && !ci && env.TERM !== 'dumb' ? 'spinner' : 'lines'
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
/** Back to the start of the line and clear it. */
const CLEAR_LINE = '\r\u001b[2K'

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

function label(event: {index: number; total: number; release: string; dir: string}): string {
  return `[${event.index}/${event.total}] ${event.release} (${event.dir})`
}

/** The line a finished step prints, the same in every mode but json. */
function line(event: InstallProgress): string | undefined {
  switch (event.kind) {
    case 'check':
      return event.message
    case 'crds':
      return `${label(event)} ${event.count} CRD file(s) from its charts' crds/ applied server-side (Helm does not upgrade them)`
    case 'release-start':
      return undefined
    case 'release-done':
      return `${label(event)} ${event.ok ? 'ok' : 'FAILED'} in ${seconds(event.ms)}`
  }
}

/** A progress presenter: `show` each event as it comes, `stop` when install returns or throws. */
export function installProgress(
  mode: ProgressMode,
  output: ProgressOutput,
): {show: (event: InstallProgress) => void; stop: () => void} {
  const now = output.now ?? (() => performance.now())
  const started = now()
  let spinner: {timer: ReturnType<typeof setInterval>; text: string; since: number; frame: number} | undefined

  const clearSpinner = () => {
    if (!spinner) return
    clearInterval(spinner.timer)
    output.write(CLEAR_LINE)
    spinner = undefined
  }
  const draw = () => {
    if (!spinner) return
    const frame = FRAMES[spinner.frame++ % FRAMES.length]
    output.write(`${CLEAR_LINE}${frame} ${spinner.text} ${seconds(now() - spinner.since)}`)
  }

  const show = (event: InstallProgress) => {
    if (mode === 'json') {
      output.write(
        `${JSON.stringify({event: event.kind, ...withoutKind(event), elapsedMs: Math.round(now() - started)})}\n`,
      )
      return
    }
    if (event.kind === 'release-start') {
      if (mode === 'lines') output.write(`${label(event)} ...\n`)
      else {
        clearSpinner()
        const timer = setInterval(draw, output.intervalMs ?? 100)
        // The spinner never keeps the process alive on its own.
        timer.unref?.()
        spinner = {timer, text: label(event), since: now(), frame: 0}
        draw()
      }
      return
    }
    const text = line(event)
    if (text === undefined) return
    // A finished line replaces the spinner; a line printed while a release runs goes above it.
    const running = spinner
    if (running && event.kind === 'release-done') clearSpinner()
    else if (running) output.write(CLEAR_LINE)
    output.write(`${text}\n`)
    if (spinner) draw()
  }
  return {show, stop: clearSpinner}
}

function withoutKind(event: InstallProgress): Record<string, unknown> {
  const {kind: _kind, ...rest} = event
  return rest
}
