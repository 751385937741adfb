import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {completeAnswers, missingAnswers} from '../../src/answers/complete.js'
import {
  type AnswersInput,
  answersSchema,
  questionKeys,
  STACK_NAME_MAX_LENGTH,
} from '../../src/answers/schema.js'
import {CATALOG, presetOf} from '../../src/catalog/index.js'
import {answersFromFlags, flagsFor, parseReceiver} from '../../src/cli/answer-flags.js'
import {fileSource, flagSource, validateAnswersInput} from '../../src/schema/validate-answers.js'
import {planFor} from '../support/plans.js'
import {REPO_ROOT} from '../support/shared.js'

const valid = {apiVersion: 'prodstack.dev/v1'}

describe('completing answers', () => {
  it('fills every question from the preset', () => {
    const answers = completeAnswers({preset: 'full'})
    expect(answers).toMatchObject({
      preset: 'full',
      mesh: 'istio',
      logStore: 'elasticsearch',
      dashboards: ['grafana', 'kibana'],
    })
    expect(answers.domain).toBeUndefined()
  })

  it('uses the standard preset when none is given', () => {
    expect(completeAnswers({}).preset).toBe('standard')
    expect(completeAnswers({}).logStore).toBe('loki')
  })

  it('lets given answers win over the preset', () => {
    expect(completeAnswers({preset: 'full', mesh: 'linkerd'}).mesh).toBe('linkerd')
  })

  it.each(['eks', 'gke', 'aks', 'k3s', 'rke2'] as const)(
    'keeps the CNI and metrics-server a %s cluster already runs',
    (cluster) => {
      const answers = completeAnswers({cluster})
      expect(answers.cni).toBe('none')
      expect(answers.metricsServer).toBe(false)
    },
  )

  it('still honours an explicit CNI on a managed cluster', () => {
    expect(completeAnswers({cluster: 'eks', cni: 'cilium'}).cni).toBe('cilium')
  })

  it('writes keys in questionnaire order, so prodstack.yaml is stable', () => {
    // Every question, in order; the DNS Secret is left out when the answers name none (its module has a
    // fallback), and allowRetired, the mirrors and the GitOps answers unless they were given.
    const keys = Object.keys(completeAnswers({preset: 'minimal', domain: 'example.com'}))
    const optional = new Set([
      'dnsCredentialsSecret',
      'allowRetired',
      'registry',
      'chartRegistry',
      'gitops',
      'gitRepo',
      'gitRevision',
      'gitPath',
    ])
    expect(keys).toEqual([
      'apiVersion',
      'preset',
      ...questionKeys().filter((key) => !optional.has(key)),
      'values',
    ])
    const allowed = Object.keys(completeAnswers({preset: 'minimal', allowRetired: true}))
    expect(allowed.slice(allowed.indexOf('layout'))).toEqual(['layout', 'allowRetired', 'values'])
    const mirrored = Object.keys(
      completeAnswers({
        preset: 'minimal',
        chartRegistry: 'oci://r.example.com/c',
        registry: 'r.example.com/i',
      }),
    )
    expect(mirrored.slice(mirrored.indexOf('layout'))).toEqual([
      'layout',
      'registry',
      'chartRegistry',
      'values',
    ])
    const gitops = Object.keys(
      completeAnswers({preset: 'minimal', gitPath: 'p', gitops: 'flux', gitRepo: 'https://g.example.com/r'}),
    )
    expect(gitops.slice(gitops.indexOf('layout'))).toEqual([
      'layout',
      'gitops',
      'gitRepo',
      'gitPath',
      'values',
    ])
  })

  it('lists unanswered questions, but never the optional domain', () => {
    expect(missingAnswers({cni: 'cilium'})).not.toContain('cni')
    expect(missingAnswers({cni: 'cilium'})).not.toContain('domain')
    expect(missingAnswers({})).toContain('logStore')
  })

  it('has presets that differ in what they install', () => {
    expect(presetOf(CATALOG, 'minimal').answers.metrics).toBe('none')
    expect(presetOf(CATALOG, 'standard').answers.metrics).toBe('kube-prometheus-stack')
    expect(presetOf(CATALOG, 'full').answers.mesh).toBe('istio')
  })
})

describe('validating answers', () => {
  it('accepts every preset once completed', () => {
    for (const preset of ['minimal', 'standard', 'full'] as const) {
      expect(validateAnswersInput(completeAnswers({preset}), fileSource('a.yaml'))).toEqual([])
    }
  })

  it('suggests the closest id for a misspelt choice', () => {
    const [problem] = validateAnswersInput({...valid, cni: 'cilum'}, flagSource)
    expect(problem).toEqual({
      source: '--cni',
      message: '"cilum" is not one of calico, cilium, flannel, weave-net, none',
      hint: 'did you mean cilium?',
    })
  })

  it('names the file and key, and suggests the right key, for an unknown key', () => {
    const [problem] = validateAnswersInput({...valid, logstore: 'loki'}, fileSource('stack.yaml'))
    expect(problem?.source).toBe('stack.yaml: logstore')
    expect(problem?.hint).toBe('did you mean logStore?')
  })

  it('reports every problem at once', () => {
    const problems = validateAnswersInput({...valid, cni: 'x', ingress: 'y', podCidr: '10.0.0.0'}, flagSource)
    expect(problems.map((problem) => problem.source).sort()).toEqual(['--cni', '--ingress', '--pod-cidr'])
  })

  it('explains name rules in words', () => {
    const [upper] = validateAnswersInput({...valid, name: 'My_Stack'}, flagSource)
    expect(upper?.message).toContain('a DNS label')
    const [long] = validateAnswersInput({...valid, name: 'a'.repeat(27)}, flagSource)
    expect(long?.message).toContain('longer than 26 characters')
    expect(long?.hint).toContain('53 characters')
  })

  it('rejects malformed CIDRs, domains and e-mail addresses', () => {
    expect(validateAnswersInput({...valid, podCidr: '10.244.0.0/33'}, flagSource)[0]?.message).toContain(
      'IPv4 CIDR',
    )
    expect(validateAnswersInput({...valid, podCidr: '300.1.1.1/16'}, flagSource)).toHaveLength(1)
    expect(validateAnswersInput({...valid, domain: 'Example..com'}, flagSource)[0]?.message).toContain(
      'DNS domain',
    )
    const receiver = {
      type: 'email',
      secretName: 's',
      secretKey: 'k',
      to: 'not-an-address',
      from: 'a@b.co',
      smarthost: 'smtp:25',
    }
    expect(validateAnswersInput({...valid, alertReceivers: [receiver]}, flagSource)[0]?.message).toContain(
      'e-mail',
    )
  })

  it('requires recipient, sender and server for e-mail receivers', () => {
    const problems = validateAnswersInput(
      {...valid, alertReceivers: [{type: 'email', secretName: 's', secretKey: 'k'}]},
      flagSource,
    )
    expect(problems.map((problem) => problem.message)).toEqual([
      'missing "to"',
      'missing "from"',
      'missing "smarthost"',
    ])
  })

  it('refuses an inline secret where only a Secret reference is allowed', () => {
    const problems = validateAnswersInput(
      {
        ...valid,
        alertReceivers: [
          {type: 'slack', secretName: 's', secretKey: 'k', apiUrl: 'https://hooks.slack.com/x'},
        ],
      },
      fileSource('a.yaml'),
    )
    expect(problems[0]?.message).toBe('unknown key "apiUrl"')
  })

  it('explains an unsupported apiVersion', () => {
    const [problem] = validateAnswersInput({apiVersion: 'prodstack.dev/v0'}, fileSource('old.yaml'))
    expect(problem?.source).toBe('old.yaml: apiVersion')
    expect(problem?.hint).toContain('prodstack.dev/v1')
  })
})

describe('answers from flags', () => {
  it('maps flags to answer keys and leaves unset flags out', () => {
    const {input, problems} = answersFromFlags({
      cni: 'calico',
      'log-store': 'loki',
      'metrics-server': false,
      dashboards: 'grafana, kibana',
    })
    expect(problems).toEqual([])
    expect(input).toEqual({
      cni: 'calico',
      logStore: 'loki',
      metricsServer: false,
      dashboards: ['grafana', 'kibana'],
    })
  })

  it('reads "none" or nothing as no dashboards', () => {
    expect(answersFromFlags({dashboards: 'none'}).input.dashboards).toEqual([])
    expect(answersFromFlags({dashboards: ''}).input.dashboards).toEqual([])
  })

  it('parses alert receivers as TYPE=SECRET/KEY with options', () => {
    expect(parseReceiver('slack=alertmanager/slack-url,channel=#alerts')).toEqual({
      type: 'slack',
      secretName: 'alertmanager',
      secretKey: 'slack-url',
      channel: '#alerts',
    })
    expect(parseReceiver('slack')).toBe('is not TYPE=SECRET/KEY')
    expect(parseReceiver('teams=a/b')).toContain('unknown receiver type "teams"')
    const {problems} = answersFromFlags({'alert-receiver': ['bad']})
    expect(problems[0]?.source).toBe('--alert-receiver bad')
    expect(problems[0]?.hint).toContain('TYPE=SECRET/KEY')
  })

  it('lists the flags that answer missing questions', () => {
    expect(flagsFor(['cni', 'metricsServer'])).toEqual([
      '--cni <calico|cilium|flannel|weave-net|none>',
      '--metrics-server/--no-metrics-server',
    ])
  })
})

describe('the answers schema file', () => {
  it('is the committed copy of the schema the code validates with', () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/answers.schema.json'), 'utf8'))
    expect(committed).toEqual(JSON.parse(JSON.stringify(answersSchema)))
  })
})

describe('release names', () => {
  it("stay within Helm's 53 characters for the longest allowed stack name and every component", () => {
    const name = 'a'.repeat(STACK_NAME_MAX_LENGTH)
    const everything: AnswersInput = {
      preset: 'full',
      name,
      domain: 'example.com',
      cni: 'calico',
      mesh: 'istio',
      alertReceivers: [],
    }
    for (const input of [everything, {...everything, mesh: 'linkerd' as const}]) {
      const plan = planFor(input)
      for (const layer of plan.layers) expect(layer.release.length, layer.release).toBeLessThanOrEqual(53)
    }
  })
})
