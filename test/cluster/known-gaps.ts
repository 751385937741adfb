import type {InstallPath, Problem, RunReport, Step} from '../support/stack-runs.js'

/**
 * Known product failures the cluster suite finds today, each tied to its issue. Every problem a
 * run reports must match one of these entries, and every entry must still be matched in every run
 * it names: a fix that makes an entry stop reproducing fails the suite until the entry is removed.
 * Nothing else is tolerated.
 */
export interface KnownGap {
  issue: string
  reason: string
  stacks: string[]
  paths: InstallPath[]
  step: Step
  /** Matches the exact problem line(s) the run reports. */
  problem: RegExp
}

export const KNOWN_PRODUCT_GAPS: KnownGap[] = [
  {
    issue: 'issue 11: Linkerd trust roots',
    reason:
      "Linkerd's control-plane pods (identity, destination, proxy-injector) read ConfigMap " +
      'linkerd-identity-trust-roots (volume trust-roots, env LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS), ' +
      'which nothing in the stack creates: a kubelet never starts them',
    stacks: ['linkerd'],
    paths: ['readme', 'helmfile'],
    step: 'pods',
    problem:
      /^pod linkerd\/linkerd-[a-z0-9-]+ (volume trust-roots|container \S+ env LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS): ConfigMap linkerd\/linkerd-identity-trust-roots does not exist$/,
  },
  {
    issue: 'issue 11: helmfile.yaml sets no Pod Security labels',
    reason:
      'helmfile.yaml creates namespaces without the pod-security.kubernetes.io/enforce labels the ' +
      "README's steps set, so on a cluster that enforces restricted by default the pods of " +
      'privileged workloads (log agents, node-exporter, the ECK operator, Linkerd with its init ' +
      'container) are refused and `helmfile sync` never finishes',
    stacks: ['standard', 'full', 'linkerd'],
    paths: ['helmfile'],
    step: 'install',
    problem: /is forbidden: violates PodSecurity "restricted:latest"/,
  },
  {
    issue: 'issue 11: the single layout cannot install charts whose CRDs are templates',
    reason:
      '--layout single puts prometheus-operator-crds (CRDs as templates) and kube-prometheus-stack ' +
      '(ServiceMonitors, PrometheusRules, ...) in one release; Helm maps every object before creating ' +
      'any, so the install stops at "no matches for kind" before the CRDs exist',
    stacks: ['standard-single'],
    paths: ['readme'],
    step: 'install',
    problem:
      /resource mapping not found for name: .* no matches for kind "(ServiceMonitor|PrometheusRule|Prometheus|Alertmanager|PodMonitor)" in version "monitoring\.coreos\.com\/v1"/,
  },
]

export function gapsFor(report: RunReport): KnownGap[] {
  return KNOWN_PRODUCT_GAPS.filter(
    (gap) => gap.stacks.includes(report.stack) && gap.paths.includes(report.path),
  )
}

/** Problems no known gap explains, and known gaps of this run that no problem matched. */
export function compareWithKnownGaps(report: RunReport): {unexpected: Problem[]; fixed: KnownGap[]} {
  const gaps = gapsFor(report)
  const matches = (gap: KnownGap, problem: Problem) =>
    gap.step === problem.step && gap.problem.test(problem.message)
  const unexpected = report.problems.filter((problem) => !gaps.some((gap) => matches(gap, problem)))
  // A gap whose step the run never reached (an earlier step failed) has not been fixed either.
  const fixed = gaps.filter(
    (gap) => !report.notRun.includes(gap.step) && !report.problems.some((problem) => matches(gap, problem)),
  )
  return {unexpected, fixed}
}
