import {GITOPS_ENGINE_TITLES, gitSourceOf} from '../answers/gitops.js'
import type {DependencyUpdate} from '../app/dependencies.js'
import type {WriteResult} from '../io/write-stack.js'
import type {Plan} from '../plan/types.js'
import {stepCommands} from '../render/prose.js'

/** Plain-text plan summary for people; `--json` prints the Plan itself. */
export function describePlan(plan: Plan): string {
  const lines: string[] = []
  lines.push(
    `Stack ${plan.answers.name} (preset ${plan.answers.preset}, cluster ${plan.answers.cluster}, layout ${plan.answers.layout})`,
  )
  if (plan.answers.registry)
    lines.push(
      `Images from the mirror ${plan.answers.registry}${plan.answers.chartRegistry ? `, charts from ${plan.answers.chartRegistry}` : ''} (prodstack images DIR --format mirror lists what to copy)`,
    )
  else if (plan.answers.chartRegistry) lines.push(`Charts from ${plan.answers.chartRegistry}`)
  const git = gitSourceOf(plan.answers)
  if (git)
    lines.push(
      `GitOps: ${GITOPS_ENGINE_TITLES[git.engine]} syncs ${git.path} from ${git.repo} at ${git.revision} (gitops/${git.engine}/; the stack's README says how to bootstrap it)`,
    )
  lines.push('', 'Components:')
  for (const component of plan.components) {
    const charts = plan.layers
      .flatMap((layer) => layer.charts)
      .filter((chart) => chart.component === component.id)
      .map((chart) => `${chart.chart}@${chart.version}`)
      .join(', ')
    // Reasons for added components read "added because ..." already.
    const reason = component.reason.text
    const added =
      component.reason.kind === 'added'
        ? `  (${reason.startsWith('added') ? reason : `added: ${reason}`})`
        : ''
    lines.push(`  ${component.title.padEnd(28)} ${charts}${added}`)
  }
  if (plan.warnings.length > 0) {
    lines.push('', 'Warnings:')
    for (const warning of plan.warnings) {
      const instead = warning.alternatives ? ` Consider: ${warning.alternatives.join(', ')}.` : ''
      lines.push(
        `  ! ${warning.severity === 'action' ? 'Before installing: ' : ''}${warning.message}${instead}`,
      )
    }
  }
  lines.push('', 'Install layers, in order:')
  plan.layers.forEach((layer, index) => {
    lines.push(
      `  ${index + 1}. ${layer.dir}  release ${layer.release} in ${layer.namespace}: ${layer.charts.map((chart) => chart.alias).join(', ')}`,
    )
    lines.push(`     ${layer.why}`)
  })
  return lines.join('\n')
}

/** What to run after writing the stack: the plan's install steps, as commands. */
export function nextSteps(plan: Plan, dir: string, dependenciesUpdated = false): string {
  const lines = ['', 'Next steps:', `  cd ${dir}`]
  for (const step of plan.install) {
    if (step.kind === 'secrets') {
      lines.push('  Create these Secrets (see README.md):')
      for (const secret of step.secrets)
        lines.push(`    ${secret.namespace}/${secret.name} (${secret.keys.join(', ')})`)
      continue
    }
    for (const command of stepCommands(step)) {
      if (dependenciesUpdated && command.startsWith('helm dependency update')) continue
      lines.push(`  ${command}`)
    }
  }
  return lines.join('\n')
}

/** What init wrote, or would write in a dry run. */
export function describeWrite(result: {
  dir: string
  files: Map<string, string>
  written?: WriteResult
}): string {
  const {dir, written} = result
  return written
    ? `\nWrote ${written.files} files to ${dir}${written.replaced ? ' (replaced the previous stack)' : ''}.`
    : `\nDry run: ${result.files.size} files would be written to ${dir}.`
}

/** The charts whose `helm dependency update` did not run or failed, with the commands to run later. */
export function describeDependencies(dependencies: DependencyUpdate[]): string[] {
  const lines: string[] = []
  const pending = dependencies.filter((result) => result.status !== 'updated')
  const failed = pending.filter((result) => result.status === 'failed')
  if (failed.length > 0) {
    lines.push('\nhelm dependency update did not complete:')
    for (const result of failed) lines.push(`  ${result.chart}: ${result.detail}`)
  }
  if (pending.length === 0) return lines
  // Helm not available is said here, once, for every chart.
  const skipped = pending.find((result) => result.status === 'skipped')
  lines.push(
    skipped && failed.length === 0
      ? `\n${skipped.detail}, so helm dependency update did not run; run it later:`
      : 'Run it later:',
  )
  for (const result of pending) lines.push(`  ${result.command}`)
  return lines
}
