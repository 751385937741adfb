import {describe, expect, it} from 'vitest'
import {
  createSecretCommand,
  durationMs,
  helmTargetArgs,
  kubectlError,
  kubectlTargetArgs,
} from '../../src/app/cluster.js'
import {installCommand, releasesFrom} from '../../src/app/install-stack.js'
import {compareCharts} from '../../src/app/stack-status.js'
import {manifestWorkloads, notReadyWorkloads} from '../../src/app/workloads.js'
import {clusterTools} from '../../src/cli/cluster-flags.js'
import {UserError} from '../../src/errors.js'
import {stepsOf} from '../../src/plan/install-steps.js'
import {stepCommands} from '../../src/render/prose.js'
import {coverageAnswers, planFor} from '../support/plans.js'

const TOOLS = {helm: 'helm', kubectl: 'kubectl', target: {}}

describe('install --dry-run', () => {
  it("prints the README's install commands, without the downloads, for every stack of the coverage set", () => {
    for (const input of coverageAnswers()) {
      const plan = planFor(input)
      const readme = plan.install
        .flatMap(stepCommands)
        .filter((line) => !/^helm dependency update /.test(line))
      const dryRun = plan.install.flatMap((step) => installCommand(step, TOOLS, '10m') ?? [])
      expect(dryRun, JSON.stringify(input)).toEqual(readme)
    }
  })

  it('passes the kube context and kubeconfig to helm and kubectl by their own flag names', () => {
    const target = {context: 'staging', kubeconfig: 'lab.kubeconfig'}
    expect(helmTargetArgs(target)).toEqual(['--kube-context', 'staging', '--kubeconfig', 'lab.kubeconfig'])
    expect(kubectlTargetArgs(target)).toEqual(['--context', 'staging', '--kubeconfig', 'lab.kubeconfig'])
    const plan = planFor({preset: 'minimal'})
    const tools = {...TOOLS, target}
    const [namespaces, release] = [plan.install[0]!, stepsOf(plan.install, 'release')[0]!]
    expect(installCommand(namespaces, tools, '10m')).toBe(
      'kubectl apply -f namespaces.yaml --context staging --kubeconfig lab.kubeconfig',
    )
    expect(installCommand(release, tools, '20m')).toMatch(
      /--wait --timeout 20m --kube-context staging --kubeconfig lab\.kubeconfig$/,
    )
  })
})

describe('install --from', () => {
  const plan = planFor({preset: 'standard'})
  const releases = stepsOf(plan.install, 'release')

  it('starts at a layer named by its directory (with or without ./ and /) or its release', () => {
    const second = releases[1]!
    for (const from of [second.dir, `./${second.dir}/`, second.release])
      expect(releasesFrom(plan, from).map((step) => step.dir)).toEqual(
        releases.slice(1).map((step) => step.dir),
      )
    expect(releasesFrom(plan, undefined)).toEqual(releases)
  })

  it('names the layers when the one given is not in the stack', () => {
    try {
      releasesFrom(plan, '09-nothing')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).code).toBe('INVALID_OPTION')
      expect((error as UserError).problems[0]!.hint).toContain(releases[0]!.dir)
    }
  })
})

describe('helpers', () => {
  it('reads Go durations as Helm takes them', () => {
    expect(durationMs('10m')).toBe(600_000)
    expect(durationMs('1h30m')).toBe(5_400_000)
    expect(durationMs('90s')).toBe(90_000)
    expect(durationMs('10')).toBeUndefined()
    expect(durationMs('ten minutes')).toBeUndefined()
  })

  it('writes the kubectl create secret command with a placeholder per key', () => {
    expect(
      createSecretCommand({
        name: 'grafana-admin',
        namespace: 'platform',
        keys: ['admin-user', 'admin-password'],
      }),
    ).toBe(
      'kubectl create secret generic grafana-admin --namespace platform --from-literal=admin-user=<admin-user> --from-literal=admin-password=<admin-password>',
    )
  })

  it("keeps kubectl's reason when the server does not answer", () => {
    const stderr =
      'E1202 06:00:00.000000 1 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"\nThe connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n'
    expect(kubectlError({stderr, exitCode: 1, timedOut: false})).toBe(
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
    )
    expect(kubectlError({stderr: 'error: context "x" does not exist\n', exitCode: 1, timedOut: false})).toBe(
      'context "x" does not exist',
    )
  })

  it('compares chart versions on disk and deployed by name', () => {
    expect(
      compareCharts(
        new Map([
          ['layer', '0.1.0'],
          ['traefik', '41.3.0'],
        ]),
        new Map([
          ['layer', '0.1.0'],
          ['traefik', '40.0.0'],
          ['old', '1.0.0'],
        ]),
      ),
    ).toEqual([
      {name: 'layer', onDisk: '0.1.0', deployed: '0.1.0'},
      {name: 'traefik', onDisk: '41.3.0', deployed: '40.0.0'},
      {name: 'old', deployed: '1.0.0'},
    ])
  })
})

describe('workloads not ready', () => {
  const manifest = `---
# Source: layer/charts/traefik/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik, namespace: platform}
spec: {replicas: 2}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: loki}
---
apiVersion: v1
kind: Service
metadata: {name: traefik}
---
`

  it('finds the Deployments, StatefulSets and DaemonSets of a manifest, in the release namespace by default', () => {
    expect(manifestWorkloads(manifest, 'kube-system')).toEqual([
      {kind: 'Deployment', namespace: 'platform', name: 'traefik'},
      {kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium'},
      {kind: 'StatefulSet', namespace: 'kube-system', name: 'loki'},
    ])
  })

  it('reports those with fewer ready pods than desired, and those missing from the cluster', () => {
    const refs = manifestWorkloads(manifest, 'kube-system')
    const objects = [
      {
        kind: 'Deployment',
        metadata: {name: 'traefik', namespace: 'platform'},
        spec: {replicas: 2},
        status: {readyReplicas: 1},
      },
      {
        kind: 'DaemonSet',
        metadata: {name: 'cilium', namespace: 'kube-system'},
        status: {desiredNumberScheduled: 3, numberReady: 3},
      },
    ]
    expect(notReadyWorkloads(refs, objects)).toEqual([
      {kind: 'Deployment', namespace: 'platform', name: 'traefik', desired: 2, ready: 1, updated: 1, old: 0},
      {
        kind: 'StatefulSet',
        namespace: 'kube-system',
        name: 'loki',
        desired: 0,
        ready: 0,
        updated: 0,
        old: 0,
        missing: true,
      },
    ])
    const ready = [
      {...objects[0]!, status: {readyReplicas: 2}},
      objects[1]!,
      {
        kind: 'StatefulSet',
        metadata: {name: 'loki', namespace: 'kube-system'},
        spec: {replicas: 1},
        status: {readyReplicas: 1},
      },
    ]
    expect(notReadyWorkloads(refs, ready)).toEqual([])
  })

  it('reports a rollout under way: ready pods of an older template, or a spec not yet observed', () => {
    const refs = [{kind: 'Deployment' as const, namespace: 'a', name: 'b'}]
    const deployment = (status: object, generation = 1) => ({
      kind: 'Deployment',
      metadata: {name: 'b', namespace: 'a', generation},
      spec: {replicas: 1},
      status: {observedGeneration: 1, ...status},
    })
    expect(notReadyWorkloads(refs, [deployment({readyReplicas: 1, updatedReplicas: 1})])).toEqual([])
    expect(notReadyWorkloads(refs, [deployment({readyReplicas: 1, updatedReplicas: 0})])).toHaveLength(1)
    expect(notReadyWorkloads(refs, [deployment({readyReplicas: 1, updatedReplicas: 1}, 2)])).toHaveLength(1)
    // The new pod cannot start; the old one is still ready and counted.
    expect(
      notReadyWorkloads(refs, [deployment({replicas: 2, readyReplicas: 1, updatedReplicas: 1})]),
    ).toEqual([{kind: 'Deployment', namespace: 'a', name: 'b', desired: 1, ready: 1, updated: 1, old: 1}])
    const daemonSet = {
      kind: 'DaemonSet',
      metadata: {name: 'b', namespace: 'a'},
      status: {desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 2},
    }
    expect(notReadyWorkloads([{...refs[0]!, kind: 'DaemonSet'}], [daemonSet])).toHaveLength(1)
  })

  it('counts a Deployment scaled to zero as ready', () => {
    const refs = [{kind: 'Deployment' as const, namespace: 'a', name: 'b'}]
    expect(
      notReadyWorkloads(refs, [
        {kind: 'Deployment', metadata: {name: 'b', namespace: 'a'}, spec: {replicas: 0}, status: {}},
      ]),
    ).toEqual([])
  })
})

describe('the cluster of a command', () => {
  it('comes from the flags, else, under Helm, from HELM_KUBECONTEXT; KUBECONFIG is left to the tools', () => {
    expect(clusterTools({}, {})).toEqual({helm: 'helm', kubectl: 'kubectl', target: {}})
    expect(
      clusterTools({'kube-context': 'a', kubeconfig: '/k'}, {HELM_BIN: '/bin/helm', KUBECTL: '/bin/kc'}),
    ).toEqual({
      helm: '/bin/helm',
      kubectl: '/bin/kc',
      target: {context: 'a', kubeconfig: '/k'},
    })
    const plugin = {
      HELM_PLUGIN_NAME: 'prodstack',
      HELM_BIN: '/bin/helm',
      HELM_KUBECONTEXT: 'staging',
      KUBECONFIG: '/k',
    }
    expect(clusterTools({}, plugin).target).toEqual({context: 'staging'})
    expect(clusterTools({'kube-context': 'prod'}, plugin).target).toEqual({context: 'prod'})
    // Outside Helm, HELM_KUBECONTEXT is not ours to read.
    expect(clusterTools({}, {HELM_KUBECONTEXT: 'staging'}).target).toEqual({})
  })
})
