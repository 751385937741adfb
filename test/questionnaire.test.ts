import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {completeAnswers} from '../src/answers/complete.js'
import {type AnswersInput, CLUSTER_FLAVOURS} from '../src/answers/schema.js'
import {CATALOG} from '../src/catalog/index.js'
import {
  type AnswerValue,
  answerQuestion,
  type FlowContext,
  finishQuestionnaire,
  nextStep,
  type Question,
  type QuestionId,
  receiverFields,
  startQuestionnaire,
  validateAnswer,
  validateReceiverField,
} from '../src/cli/questions.js'
import {resolvePlan} from '../src/plan/resolve.js'
import {problemsOf} from './support/plans.js'

const ctx: FlowContext = {catalog: CATALOG}

interface Walk {
  asked: QuestionId[]
  questions: Map<QuestionId, Question>
  notes: string[]
  answers: AnswersInput
}

/**
 * Runs the question flow the way the terminal questionnaire does, answering each question with
 * `pick` (by default, or when `pick` returns undefined, the question's own default).
 */
function walk(
  given: AnswersInput = {},
  picks: Partial<Record<QuestionId, AnswerValue>> = {},
  pick?: (question: Question) => AnswerValue | undefined,
  context: FlowContext = ctx,
): Walk {
  let state = startQuestionnaire(given)
  const result: Walk = {asked: [], questions: new Map(), notes: [], answers: {}}
  for (let guard = 0; guard < 50; guard++) {
    const step = nextStep(state, context)
    state = step.state
    result.notes.push(...step.notes)
    if (!step.question) {
      result.answers = finishQuestionnaire(state)
      return result
    }
    const question = step.question
    result.asked.push(question.id)
    result.questions.set(question.id, question)
    const value = picks[question.id] ?? pick?.(question) ?? defaultOf(question)
    const answered = answerQuestion(state, question, value, context)
    state = answered.state
    result.notes.push(...answered.notes)
  }
  throw new Error('the questionnaire did not finish within 50 questions')
}

function defaultOf(question: Question): AnswerValue {
  switch (question.kind) {
    case 'text':
      return question.default ?? ''
    default:
      return question.default
  }
}

function question(result: Walk, id: QuestionId): Question {
  const found = result.questions.get(id)
  if (!found) throw new Error(`${id} was not asked; asked: ${result.asked.join(', ')}`)
  return found
}

function choice(result: Walk, id: QuestionId, value: string) {
  const asked = question(result, id)
  if (asked.kind !== 'select' && asked.kind !== 'multiselect')
    throw new Error(`${id} is a ${asked.kind} question`)
  const found = asked.choices.find((candidate) => candidate.value === value)
  if (!found) throw new Error(`${id} has no choice ${value}`)
  return found
}

describe('a stack that would install nothing', () => {
  // On GKE the network and metrics-server are built in; then every later category answered none.
  const nothing = {cluster: 'gke', preset: 'minimal', ingress: 'none', mesh: 'none', metrics: 'none'} as const

  it('cannot be chosen: the last category still open requires a choice, and says why', () => {
    const result = walk({...nothing, metricsServer: false, logging: 'none'})
    const dashboards = question(result, 'dashboards')
    expect(dashboards.kind === 'multiselect' && dashboards.required).toBe(
      'the stack installs nothing: every category is none',
    )
    const unconstrained = question(walk({...nothing, metricsServer: false}), 'logging')
    expect(
      unconstrained.kind === 'select' && unconstrained.choices.find((c) => c.value === 'none')?.disabled,
    ).toBeFalsy()
  })

  it('turns a last yes/no that would empty the stack into yes, with a note', () => {
    const result = walk({...nothing, logging: 'none', dashboards: []}, {metricsServer: false})
    expect(result.answers.metricsServer).toBe(true)
    expect(
      result.notes.some((note) => note.endsWith('Yes: without it the stack would install nothing.')),
    ).toBe(true)
    expect(() => resolvePlan(completeAnswers(result.answers), CATALOG)).not.toThrow()
  })
})

describe('the single layout', () => {
  it('is not offered once kube-prometheus-stack is chosen, and says why', () => {
    const single = choice(walk({preset: 'standard'}), 'layout', 'single')
    expect(single.disabled).toBe('kube-prometheus-stack needs --layout layered')
    expect(single.detail).toContain('no matches for kind')
    expect(
      choice(walk({preset: 'standard', metrics: 'prometheus'}), 'layout', 'single').disabled,
    ).toBeUndefined()
  })

  it('is refused by the planner with kube-prometheus-stack, naming the fix', () => {
    const problems = problemsOf({preset: 'standard', layout: 'single'})
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({source: '--layout'})
    expect(problems[0]?.message).toMatch(/^--layout single cannot install kube-prometheus-stack: /)
    expect(problems[0]?.hint).toContain('--layout layered')
  })
})

describe('which questions are asked', () => {
  it('asks name, cluster and preset first, then category by category; no TLS questions without a domain', () => {
    expect(walk().asked).toEqual([
      'name',
      'cluster',
      'preset',
      'cni',
      'podCidr',
      'ingress',
      'namespace',
      'domain',
      'mesh',
      'metrics',
      'metricsServer',
      'alertReceivers',
      'logging',
      'logStore',
      'dashboards',
      'layout',
    ])
  })

  it('asks for the namespace as soon as something is chosen for it, before the Secrets that live there', () => {
    // Traefik lands in the platform namespace: asked next, before the domain and the DNS credentials.
    const withIngress = walk({}, {domain: 'example.com', dnsProvider: 'cloudflare'}).asked
    expect(withIngress.indexOf('namespace')).toBe(withIngress.indexOf('ingress') + 1)
    expect(withIngress.indexOf('namespace')).toBeLessThan(withIngress.indexOf('dnsCredentialsSecret'))
    // Nothing there until kube-prometheus-stack: asked right after it, before the alert receivers.
    const withMetrics = walk({preset: 'minimal', ingress: 'none'}, {metrics: 'kube-prometheus-stack'}).asked
    expect(withMetrics.indexOf('namespace')).toBe(withMetrics.indexOf('metrics') + 1)
    expect(withMetrics.indexOf('namespace')).toBeLessThan(withMetrics.indexOf('alertReceivers'))
    // Nothing in the platform layer: not asked; with one chart it is that chart's namespace, asked last.
    expect(
      walk({preset: 'minimal', ingress: 'none', metricsServer: false, layout: 'layered'}).asked,
    ).not.toContain('namespace')
    expect(
      walk({preset: 'minimal', ingress: 'none', metricsServer: false}, {layout: 'single'}).asked.at(-1),
    ).toBe('namespace')
  })

  it('asks for the ClusterIssuer, the DNS provider and cert-manager right after a domain is given', () => {
    const asked = walk({}, {domain: 'example.com'}).asked
    expect(asked.slice(asked.indexOf('domain'), asked.indexOf('domain') + 5)).toEqual([
      'domain',
      'tlsIssuer',
      'dnsProvider',
      'certManager',
      'mesh',
    ])
  })

  it('asks for the DNS credentials Secret only once a DNS provider is chosen', () => {
    const none = walk({}, {domain: 'example.com'}).asked
    expect(none).not.toContain('dnsCredentialsSecret')
    const aws = walk({}, {domain: 'example.com', dnsProvider: 'aws'}).asked
    expect(aws.slice(aws.indexOf('dnsProvider'), aws.indexOf('dnsProvider') + 2)).toEqual([
      'dnsProvider',
      'dnsCredentialsSecret',
    ])
    expect(walk({}, {ingress: 'none'}).asked).not.toContain('dnsProvider')
  })

  it('asks for no domain without an ingress controller, and says why', () => {
    const result = walk({}, {ingress: 'none'})
    expect(result.asked).not.toContain('domain')
    expect(result.asked).not.toContain('tlsIssuer')
    expect(result.asked).not.toContain('certManager')
    expect(result.notes).toContain('No ingress controller, so no UI is exposed and no domain is needed.')
    expect(result.answers.domain).toBeUndefined()
  })

  it.each(['eks', 'gke', 'aks', 'k3s', 'rke2'] as const)(
    'asks no CNI question on %s, whose pod network is built in, and says so',
    (cluster) => {
      const result = walk({}, {cluster})
      expect(result.asked).not.toContain('cni')
      expect(result.asked).not.toContain('podCidr')
      expect(result.answers.cni).toBe('none')
      expect(result.notes.join('\n')).toMatch(new RegExp(`^${cluster} clusters already run .+--cni`, 'm'))
      const metricsServer = question(result, 'metricsServer')
      expect(metricsServer.kind === 'confirm' && metricsServer.default).toBe(false)
    },
  )

  it('takes a CNI given as a flag on a managed cluster, and then asks for the pod CIDR', () => {
    const result = walk({cluster: 'eks', cni: 'cilium'})
    expect(result.asked).not.toContain('cni')
    expect(result.asked).toContain('podCidr')
    expect(result.answers.cni).toBe('cilium')
  })

  it('asks the pod CIDR and cert-manager after the mesh when Linkerd needs them on a managed cluster', () => {
    const asked = walk({}, {cluster: 'eks', mesh: 'linkerd'}).asked
    const mesh = asked.indexOf('mesh')
    expect(asked.slice(mesh, mesh + 3).sort()).toEqual(['certManager', 'mesh', 'podCidr'])
    expect(asked.slice(0, mesh)).not.toContain('podCidr')
  })

  it('asks no cert-manager question when nothing needs certificates', () => {
    expect(walk({}, {mesh: 'istio'}).asked).not.toContain('certManager')
  })

  it('asks no log store without a log agent, and answers it with none', () => {
    const result = walk({}, {logging: 'none'})
    expect(result.asked).not.toContain('logStore')
    expect(result.answers.logStore).toBe('none')
    expect(result.notes).toContain('No log agent, so no log store either.')
  })

  it('asks for alert receivers only with kube-prometheus-stack', () => {
    expect(walk({}, {metrics: 'kube-prometheus-stack'}).asked).toContain('alertReceivers')
    expect(walk({}, {metrics: 'prometheus'}).asked).not.toContain('alertReceivers')
    expect(walk({}, {metrics: 'none'}).answers.alertReceivers).toEqual([])
  })

  it('asks the layout before the namespace, and the namespace only when something runs there', () => {
    const nothingInPlatform: Partial<Record<QuestionId, AnswerValue>> = {
      ingress: 'none',
      metrics: 'none',
      metricsServer: false,
      logging: 'none',
      dashboards: [],
    }
    expect(walk({}, nothingInPlatform).asked).not.toContain('namespace')
    expect(walk({}, {...nothingInPlatform, layout: 'single'}).asked.slice(-2)).toEqual([
      'layout',
      'namespace',
    ])
  })

  it('never asks what flags, the answers file or the environment already answer', () => {
    const given: AnswersInput = {name: 'prod', cluster: 'kubeadm', cni: 'flannel', namespace: 'observability'}
    const result = walk(given)
    for (const key of ['name', 'cluster', 'cni', 'namespace'] as const)
      expect(result.asked).not.toContain(key)
    expect(result.answers).toMatchObject(given)
  })

  it('asks the preset only while a question whose default depends on it is open', () => {
    expect(walk({preset: 'full'}).asked).not.toContain('preset')
    const decided: AnswersInput = {
      mesh: 'none',
      metrics: 'none',
      logging: 'none',
      logStore: 'none',
      dashboards: [],
    }
    expect(walk(decided).asked).not.toContain('preset')
    expect(walk({...decided, logStore: undefined}).asked).toContain('preset')
  })
})

describe('defaults', () => {
  it("pre-selects the chosen preset's answers", () => {
    const result = walk({}, {preset: 'full'})
    expect(question(result, 'mesh')).toMatchObject({default: 'istio'})
    expect(question(result, 'logStore')).toMatchObject({default: 'elasticsearch'})
    expect(question(result, 'dashboards')).toMatchObject({default: ['grafana', 'kibana']})
    expect(result.answers).toMatchObject({preset: 'full', mesh: 'istio', dashboards: ['grafana', 'kibana']})
  })

  it('drops a default that the earlier answers rule out', () => {
    const result = walk({}, {preset: 'full', logStore: 'loki'})
    expect(question(result, 'dashboards')).toMatchObject({default: ['grafana']})
    // minimal has no log store; with a log agent chosen, none is not possible: fall back to the standard one.
    expect(question(walk({}, {preset: 'minimal', logging: 'fluentd'}), 'logStore')).toMatchObject({
      default: 'loki',
    })
  })

  it('suggests the target directory as the stack name when it is a valid one', () => {
    const named = walk({}, {}, undefined, {catalog: CATALOG, suggestedName: 'edge-eu1'})
    expect(question(named, 'name')).toMatchObject({default: 'edge-eu1'})
    const invalid = walk({}, {}, undefined, {catalog: CATALOG, suggestedName: 'Not_A_Name'})
    expect(question(invalid, 'name')).toMatchObject({default: 'my-stack'})
  })
})

describe('choices', () => {
  it('show the chart version, lifecycle status and what to use instead of a retired component', () => {
    const result = walk()
    expect(choice(result, 'ingress', 'ingress-nginx')).toMatchObject({
      version: '4.15.1',
      status: 'retired',
      statusLabel: 'retired',
    })
    expect(choice(result, 'ingress', 'ingress-nginx').summary).toMatch(
      /^Use traefik or nginx-ingress instead\. /,
    )
    expect(choice(result, 'cni', 'weave-net')).toMatchObject({status: 'unmaintained', version: '2.9.0'})
    expect(choice(result, 'cni', 'weave-net').summary).toMatch(/^Use cilium or calico instead\./)
    expect(choice(result, 'mesh', 'linkerd')).toMatchObject({statusLabel: 'edge only'})
    expect(choice(result, 'mesh', 'linkerd').detail).toContain('Alternative: Istio.')
    expect(choice(result, 'cni', 'cilium')).toMatchObject({statusLabel: 'maintained', version: '1.20.0'})
    expect(choice(result, 'cni', 'none').summary).toBe('Keep the pod network the cluster already runs')
  })

  it('offer a retired choice only when --allow-retired was given, with the reason', () => {
    expect(choice(walk(), 'ingress', 'ingress-nginx').disabled).toBe('needs --allow-retired')
    expect(choice(walk(), 'ingress', 'ingress-nginx').detail).toContain('CVE-2026-42945')
    expect(choice(walk({allowRetired: true}), 'ingress', 'ingress-nginx').disabled).toBeUndefined()
    expect(walk().asked).not.toContain('allowRetired')
  })

  it('say why a retired choice is a risk once it is taken', () => {
    const result = walk({allowRetired: true}, {ingress: 'ingress-nginx'})
    expect(result.notes.some((note) => note.startsWith('ingress-nginx: Retired in March 2026'))).toBe(true)
  })

  it('offer no "none" log store once a log agent is chosen, and say which agent needs one', () => {
    const store = choice(walk({}, {logging: 'fluent-bit'}), 'logStore', 'none')
    expect(store.disabled).toBe('fluent-bit needs loki, elasticsearch or opensearch')
    expect(store.detail).toContain('a log agent needs a store to ship logs to')
  })

  it('offer Kibana only with Elasticsearch and OpenSearch Dashboards only with OpenSearch', () => {
    const loki = walk({}, {logStore: 'loki'})
    expect(choice(loki, 'dashboards', 'kibana').disabled).toBe('needs elasticsearch')
    expect(choice(loki, 'dashboards', 'opensearch-dashboards').disabled).toBe('needs opensearch')
    expect(choice(loki, 'dashboards', 'grafana').disabled).toBeUndefined()
    const elastic = walk({}, {logStore: 'elasticsearch'})
    expect(choice(elastic, 'dashboards', 'kibana').disabled).toBeUndefined()
  })

  it('keep a log store that a given dashboard needs', () => {
    const result = walk({dashboards: ['kibana']})
    for (const store of ['loki', 'opensearch']) {
      expect(choice(result, 'logStore', store).disabled).toBe('kibana needs elasticsearch')
    }
    expect(choice(result, 'logStore', 'none').disabled).toBeDefined()
    expect(question(result, 'logStore')).toMatchObject({default: 'elasticsearch'})
  })

  it('keep kube-prometheus-stack when alert receivers are given', () => {
    const result = walk({alertReceivers: [{type: 'slack', secretName: 'alerts', secretKey: 'url'}]})
    expect(choice(result, 'metrics', 'prometheus').disabled).toBe('alert receivers need an Alertmanager')
    expect(choice(result, 'metrics', 'kube-prometheus-stack').disabled).toBeUndefined()
  })

  it('keep an ingress controller when a domain is given', () => {
    expect(choice(walk({domain: 'example.com'}), 'ingress', 'none').disabled).toBe(
      'UIs under example.com need an ingress controller',
    )
  })

  it('tell what the cluster already runs at the moment it matters', () => {
    const result = walk({}, {cluster: 'k3s', ingress: 'traefik'})
    expect(choice(result, 'ingress', 'traefik').detail).toContain('k3s ships Traefik')
    expect(choice(result, 'ingress', 'none').detail).not.toContain('k3s ships Traefik')
    expect(result.notes.some((note) => note.startsWith('k3s ships Traefik'))).toBe(true)
    const eks = walk({}, {cluster: 'eks', metricsServer: true})
    expect(eks.notes.some((note) => note.includes('usually run metrics-server already'))).toBe(true)
  })
})

describe('free-text validation (the answers schema)', () => {
  it('takes a stack name that is a DNS label within the release-name limit', () => {
    expect(validateAnswer('name', 'shop')).toBeUndefined()
    expect(validateAnswer('name', 'Bad_Name')).toMatch(/is not a DNS label/)
    expect(validateAnswer('name', 'a'.repeat(27))).toMatch(/longer than 26 characters.*53/)
  })

  it('checks domains, CIDRs, issuer names and namespaces', () => {
    expect(validateAnswer('domain', 'example.com')).toBeUndefined()
    expect(validateAnswer('domain', 'Example.COM')).toMatch(/lower-case DNS domain/)
    expect(validateAnswer('podCidr', '10.0.0.0/33')).toMatch(/IPv4 CIDR/)
    expect(validateAnswer('podCidr', '10.42.0.0/16')).toBeUndefined()
    expect(validateAnswer('tlsIssuer', 'letsencrypt staging')).toBeDefined()
    expect(validateAnswer('namespace', 'observability')).toBeUndefined()
  })

  it('takes an empty domain (nothing exposed) but validates a given one', () => {
    const domain = question(walk(), 'domain')
    if (domain.kind !== 'text') throw new Error('domain is free text')
    expect(domain.validate('')).toBeUndefined()
    expect(domain.validate('not a domain')).toMatch(/lower-case DNS domain/)
  })

  it('checks e-mail addresses and Secret names of alert receivers', () => {
    expect(validateReceiverField('email', 'to', 'ops@example.com')).toBeUndefined()
    expect(validateReceiverField('email', 'to', 'ops')).toMatch(/e-mail address/)
    expect(validateReceiverField('slack', 'secretName', 'Alert Secrets')).toMatch(/Secret name/)
    expect(receiverFields('email').map((field) => field.field)).toEqual([
      'secretName',
      'secretKey',
      'to',
      'from',
      'smarthost',
      'username',
    ])
  })
})

describe('every path through the questionnaire', () => {
  it('ends in answers the planner accepts: impossible combinations cannot be chosen', () => {
    const chooser = (random: number[]) => {
      let next = 0
      const roll = (count: number) => Math.floor((random[next++ % random.length] ?? 0) * count)
      return (question: Question): AnswerValue | undefined => {
        switch (question.kind) {
          case 'select': {
            const enabled = question.choices.filter((candidate) => !candidate.disabled)
            return enabled[roll(enabled.length)]?.value
          }
          case 'multiselect': {
            const enabled = question.choices.filter((candidate) => !candidate.disabled)
            const picked = enabled.filter(() => roll(2) === 1).map((candidate) => candidate.value)
            // As the terminal does: Enter with nothing checked is refused when a choice is required.
            return picked.length === 0 && question.required && enabled[0] ? [enabled[0].value] : picked
          }
          case 'confirm':
            return roll(2) === 1
          case 'text':
            return question.id === 'domain' ? (roll(2) === 1 ? 'example.com' : '') : undefined
          default:
            return undefined
        }
      }
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...CLUSTER_FLAVOURS),
        fc.array(fc.double({min: 0, max: 0.999, noNaN: true}), {minLength: 40, maxLength: 40}),
        (cluster, random) => {
          const result = walk({}, {cluster}, chooser(random))
          const answers = completeAnswers(result.answers)
          expect(() => resolvePlan(answers, CATALOG)).not.toThrow()
        },
      ),
      {numRuns: 300},
    )
  })
})
