import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {completeAnswers} from '../src/answers/complete.js'
import {ANSWERS_API_VERSION, type AnswersInput} from '../src/answers/schema.js'
import {type AnswerSources, gatherAnswersInteractively} from '../src/app/stack.js'
import {createQuestionnaire, INTRO, layoutChoices, wrap} from '../src/cli/questionnaire.js'
import {UserError} from '../src/errors.js'
import type {PromptChoice, Prompts} from '../src/io/prompts.js'

type Script = Record<string, unknown>

/**
 * Prompts that answer from a script keyed by question id (the question's default when the script
 * has nothing). A list of texts for a free-text question is typed one after the other until one
 * passes validation, as a person correcting a typo would.
 */
class FakePrompts implements Prompts {
  readonly columns = 100
  readonly asked: string[] = []
  readonly said: string[] = []
  readonly rejected: Array<{id: string; text: string; message: string}> = []
  readonly choices = new Map<string, PromptChoice[]>()
  readonly defaults = new Map<string, unknown>()

  constructor(private readonly script: Script = {}) {}

  async select<V extends string>(request: {
    id: string
    message: string
    choices: PromptChoice<V>[]
    default: V
  }) {
    this.record(request.id, request.choices, request.default)
    const value = (this.script[request.id] as V | undefined) ?? request.default
    const picked = request.choices.find((choice) => choice.value === value)
    if (!picked) throw new Error(`${request.id}: no choice ${value}`)
    if (picked.disabled) throw new Error(`${request.id}: ${value} is disabled ${picked.disabled}`)
    return value
  }

  async checkbox<V extends string>(request: {id: string; message: string; choices: PromptChoice<V>[]}) {
    const checked = request.choices.filter((choice) => choice.checked).map((choice) => choice.value)
    this.record(request.id, request.choices, checked)
    const values = (this.script[request.id] as V[] | undefined) ?? checked
    for (const value of values) {
      if (request.choices.find((choice) => choice.value === value)?.disabled)
        throw new Error(`${request.id}: ${value} is disabled`)
    }
    return values
  }

  async input(request: {
    id: string
    message: string
    default?: string
    validate: (text: string) => string | undefined
  }) {
    this.record(request.id, [], request.default)
    const scripted = this.script[request.id]
    const attempts = scripted === undefined ? [''] : Array.isArray(scripted) ? scripted : [scripted]
    for (const attempt of attempts as string[]) {
      // Enter on an empty line takes the default, as in the terminal.
      const text = attempt === '' && request.default !== undefined ? request.default : attempt
      const message = request.validate(text)
      if (message === undefined) return text
      this.rejected.push({id: request.id, text, message})
    }
    throw new Error(`${request.id}: every attempt was rejected`)
  }

  async confirm(request: {id: string; message: string; default: boolean}) {
    this.record(request.id, [], request.default)
    return (this.script[request.id] as boolean | undefined) ?? request.default
  }

  say(text: string) {
    this.said.push(text)
  }

  style(_format: string, text: string) {
    return text
  }

  private record(id: string, choices: PromptChoice[], fallback: unknown) {
    this.asked.push(id)
    this.choices.set(id, choices)
    this.defaults.set(id, fallback)
  }
}

async function run(script: Script = {}, given: AnswersInput = {}, options = {}) {
  const prompts = new FakePrompts(script)
  const answers = await createQuestionnaire(prompts, options).ask(given)
  return {prompts, answers}
}

describe('the questionnaire in a terminal (faked)', () => {
  it("gives the preset's answers when every question is answered with Enter", async () => {
    const {prompts, answers} = await run()
    expect(prompts.said[0]).toBe(INTRO)
    expect(prompts.asked).toEqual([
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
    expect(completeAnswers(answers)).toEqual(completeAnswers({}))
  })

  it('rejects a wrong stack name with the reason, and takes the corrected one', async () => {
    const {prompts, answers} = await run({name: ['Bad_Name', 'a'.repeat(30), 'shop']})
    expect(prompts.rejected.map((rejection) => rejection.message)).toEqual([
      expect.stringContaining('"Bad_Name" is not a DNS label'),
      expect.stringContaining('is longer than 26 characters'),
    ])
    expect(answers.name).toBe('shop')
  })

  it('rejects a bad CIDR and domain, and keeps an empty domain as "nothing exposed"', async () => {
    const {prompts, answers} = await run({
      podCidr: ['10.0.0.0/33', '10.42.0.0/16'],
      domain: ['Example.COM', ''],
    })
    expect(prompts.rejected.map((rejection) => rejection.id)).toEqual(['podCidr', 'domain'])
    expect(answers.podCidr).toBe('10.42.0.0/16')
    expect(answers.domain).toBeUndefined()
    expect(prompts.asked).not.toContain('tlsIssuer')
  })

  it('checks that the stack directory can be written while the name can still be changed', async () => {
    const checkName = (name: string) => (name === 'taken' ? 'taken already contains 3 entries' : undefined)
    const {prompts, answers} = await run({name: ['taken', 'free']}, {}, {checkName})
    expect(prompts.rejected).toEqual([
      {id: 'name', text: 'taken', message: 'taken already contains 3 entries'},
    ])
    expect(answers.name).toBe('free')
  })

  it('shows each choice on one line: value, chart version, lifecycle status and what it is', async () => {
    const {prompts} = await run({}, {allowRetired: true})
    const ingress = prompts.choices.get('ingress') ?? []
    const line = (value: string) => ingress.find((choice) => choice.value === value)?.name ?? ''
    expect(line('ingress-nginx')).toMatch(
      /^ingress-nginx {2}4\.15\.1 {2}retired {5}Use traefik or nginx-ingress instead/,
    )
    expect(line('traefik')).toMatch(/^traefik {8}41\.3\.0 {2}maintained {2}Cloud-native reverse proxy/)
    for (const choice of [...prompts.choices.values()].flat()) {
      expect(choice.name.length).toBeLessThanOrEqual(prompts.columns - 4)
    }
    expect(ingress.find((choice) => choice.value === 'ingress-nginx')?.description).toContain(
      'Retired in March 2026',
    )
  })

  it('offers a retired choice only with --allow-retired, and says so next to it', async () => {
    const refused = (await run()).prompts.choices
      .get('ingress')
      ?.find((choice) => choice.value === 'ingress-nginx')
    expect(refused?.disabled).toBe('(unavailable: needs --allow-retired)')
    // A choice that cannot be taken shows no summary: the reason stands in its place.
    expect(refused?.name).toMatch(/^ingress-nginx {2}4\.15\.1 {2}retired$/)
    const allowed = (await run({}, {allowRetired: true})).prompts.choices
      .get('ingress')
      ?.find((choice) => choice.value === 'ingress-nginx')
    expect(allowed?.disabled).toBeFalsy()
  })

  it('shows the choices that cannot be taken, with the reason', async () => {
    const {prompts} = await run({logging: 'fluent-bit', logStore: 'loki'})
    const none = prompts.choices.get('logStore')?.find((choice) => choice.value === 'none')
    expect(none?.disabled).toBe('(unavailable: fluent-bit needs loki, elasticsearch or opensearch)')
    const kibana = prompts.choices.get('dashboards')?.find((choice) => choice.value === 'kibana')
    expect(kibana?.disabled).toBe('(unavailable: needs elasticsearch)')
  })

  it("pre-selects the chosen preset's answers", async () => {
    const {prompts, answers} = await run({preset: 'full'})
    expect(prompts.defaults.get('mesh')).toBe('istio')
    expect(prompts.defaults.get('dashboards')).toEqual(['grafana', 'kibana'])
    expect(answers).toMatchObject({preset: 'full', mesh: 'istio', logStore: 'elasticsearch'})
  })

  it('prints notes as they arise: a built-in pod network, a retired choice', async () => {
    const {prompts, answers} = await run({cluster: 'eks', ingress: 'ingress-nginx'}, {allowRetired: true})
    expect(prompts.asked).not.toContain('cni')
    expect(answers.cni).toBe('none')
    expect(prompts.said).toContainEqual(
      expect.stringMatching(/^ {2}! eks clusters already run the Amazon VPC CNI/),
    )
    expect(prompts.said).toContainEqual(expect.stringMatching(/^ {2}! ingress-nginx: Retired in March 2026/))
    expect(
      prompts.said.indexOf(prompts.said.find((line) => line.includes('eks clusters')) ?? ''),
    ).toBeLessThan(prompts.said.indexOf(prompts.said.find((line) => line.includes('ingress-nginx:')) ?? ''))
  })

  it('asks for alert receivers field by field, validating e-mail addresses', async () => {
    const {prompts, answers} = await run({
      alertReceivers: true,
      'alertReceivers.0.type': 'email',
      'alertReceivers.0.to': ['ops', 'ops@example.com'],
      'alertReceivers.0.from': 'alertmanager@example.com',
      'alertReceivers.0.smarthost': 'smtp.example.com:587',
      'alertReceivers.1': true,
      'alertReceivers.1.type': 'slack',
      'alertReceivers.1.channel': '#alerts',
      'alertReceivers.2': false,
    })
    expect(prompts.rejected).toEqual([
      {id: 'alertReceivers.0.to', text: 'ops', message: expect.stringContaining('e-mail')},
    ])
    expect(answers.alertReceivers).toEqual([
      {
        type: 'email',
        secretName: 'alertmanager-email',
        secretKey: 'smtp-password',
        to: 'ops@example.com',
        from: 'alertmanager@example.com',
        smarthost: 'smtp.example.com:587',
      },
      {type: 'slack', secretName: 'alertmanager-slack', secretKey: 'webhook-url', channel: '#alerts'},
    ])
  })

  it('lays out choices within narrow terminals too', () => {
    const narrow = {columns: 60, style: (_format: string, text: string) => text}
    const lines = layoutChoices(
      [
        {
          value: 'calico',
          title: 'Calico',
          version: 'v3.32.1',
          statusLabel: 'maintained',
          summary: 'x '.repeat(80),
          detail: 'd',
        },
      ],
      narrow,
    )
    expect(lines[0]?.name.length).toBeLessThanOrEqual(56)
    expect(lines[0]?.name.endsWith('…')).toBe(true)
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four'])
  })
})

describe('gathering answers interactively', () => {
  const work = mkdtempSync(join(tmpdir(), 'prodstack-questionnaire-'))
  afterAll(() => rmSync(work, {recursive: true, force: true}))

  const sources = (overrides: Partial<AnswerSources> = {}): AnswerSources => ({
    flags: {},
    flagProblems: [],
    yes: false,
    ...overrides,
  })

  it('asks only what the flags, the answers file and the environment leave open', async () => {
    const file = join(work, 'partial.yaml')
    writeFileSync(file, `apiVersion: ${ANSWERS_API_VERSION}\ncni: calico\nmesh: linkerd\n`)
    const prompts = new FakePrompts()
    const answers = await gatherAnswersInteractively(
      sources({flags: {cni: 'flannel'}, answersFile: file, environment: {namespace: 'observability'}}),
      (given) => createQuestionnaire(prompts).ask(given),
    )
    for (const key of ['cni', 'mesh', 'namespace']) expect(prompts.asked).not.toContain(key)
    expect(answers).toMatchObject({cni: 'flannel', mesh: 'linkerd', namespace: 'observability'})
  })

  it('asks nothing when every question is answered', async () => {
    const ask = vi.fn(async (given: AnswersInput) => given)
    const {apiVersion: _a, preset: _p, values: _v, ...all} = completeAnswers({preset: 'full'})
    const answers = await gatherAnswersInteractively(sources({flags: all as AnswersInput}), ask)
    expect(ask).not.toHaveBeenCalled()
    expect(answers.mesh).toBe('istio')
  })

  it('reports bad flags before asking anything', async () => {
    const ask = vi.fn(async (given: AnswersInput) => given)
    const failure = await gatherAnswersInteractively(sources({flags: {cni: 'cilum' as 'cilium'}}), ask).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(UserError)
    expect((failure as UserError).problems[0]?.hint).toBe('did you mean cilium?')
    expect(ask).not.toHaveBeenCalled()
  })

  it('validates what the questions returned, naming the question', async () => {
    const failure = await gatherAnswersInteractively(sources(), async (given) => ({
      ...given,
      name: 'Bad Name',
    })).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UserError)
    expect((failure as UserError).problems[0]?.source).toBe('question "Stack name"')
  })
})
