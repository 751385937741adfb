/**
 * Property: whatever the answers — valid choices, invalid strings, wrong types, unknown keys,
 * random `values` and alert receivers — the path `init` takes (answers file or flags → gather →
 * plan → render → verify) ends in a stack that validates against its schemas and the upstream
 * charts, or in a UserError with problems that each name a source and a fix. Any other exception
 * fails.
 */
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import {afterAll, describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {
  CLUSTER_FLAVOURS,
  CNI_CHOICES,
  DASHBOARD_CHOICES,
  INGRESS_CHOICES,
  LAYOUTS,
  LOG_AGENT_CHOICES,
  LOG_STORE_CHOICES,
  MESH_CHOICES,
  METRICS_CHOICES,
  PRESETS,
  RECEIVER_TYPES,
} from '../../src/answers/schema.js'
import {planStack} from '../../src/app/pipeline.js'
import {type AnswerSources, gatherAnswers, renderStackFiles} from '../../src/app/stack.js'
import {verifyStack} from '../../src/app/verify.js'
import {allCharts, CATALOG} from '../../src/catalog/index.js'
import {UserError} from '../../src/errors.js'
import type {Plan} from '../../src/plan/types.js'
import type {FileSet} from '../../src/render/file-set.js'
import {chartValues} from '../../src/render/values-tree.js'
import {classifyPath, coalesced, upstreamSchemaErrors} from '../support/conformance.js'
import {IN_CI, UPSTREAM_DIR} from '../support/shared.js'

/** Enough runs to reach the corners; the whole file stays well under a minute. */
const RUNS = 6000

const work = mkdtempSync(join(tmpdir(), 'prodstack-properties-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

const upstream = existsSync(UPSTREAM_DIR)
if (!upstream && IN_CI) throw new Error(`${UPSTREAM_DIR} is missing, and CI=true forbids skipping`)
if (!upstream) console.warn(`upstream conformance skipped: ${UPSTREAM_DIR} not found`)

// --- Arbitraries -------------------------------------------------------------------------------

const HOSTILE_TEXT = [
  '',
  ' ',
  '{{ .Release.Name }}',
  '}}',
  '../../etc',
  '/etc/passwd',
  'a'.repeat(300),
  'Ünïcödé',
  'line\nbreak',
  'null',
  '0',
  'true',
  '-',
  'a--b',
  'UPPER',
  'https://hooks.slack.com/services/T0/B0/XXXX',
  '$(rm -rf /)',
  '\u0000',
]

const hostileString = fc.oneof(
  fc.string({maxLength: 30}),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({unit: 'grapheme', maxLength: 12}),
)

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({maxLength: 4}), {maxLength: 3}),
  fc.dictionary(fc.string({maxLength: 4}), fc.string({maxLength: 4}), {maxKeys: 2}),
)

/** Mostly valid, sometimes a hostile string or a wrong type, often not given at all. */
function answer<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.option(
    fc.oneof(
      {arbitrary: valid, weight: 12},
      {arbitrary: hostileString, weight: 1},
      {arbitrary: wrongType, weight: 1},
    ),
    {nil: undefined, freq: 3},
  )
}

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/)
const stackName = fc.oneof(
  {arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/), weight: 5},
  {arbitrary: fc.constantFrom('my-stack', 'prod', 'a'.repeat(26), 'b'.repeat(27)), weight: 1},
)
const octet = fc.integer({min: 0, max: 255})
const cidr = fc
  .tuple(octet, octet, octet, octet, fc.integer({min: 6, max: 30}))
  .map(([a, b, c, d, prefix]) => `${a}.${b}.${c}.${d}/${prefix}`)
const domain = fc.oneof(
  fc.constantFrom('example.com', 'apps.example.org', 'a.io', 'k8s.internal.example.net'),
  fc.tuple(dnsLabel, fc.constantFrom('com', 'org', 'dev')).map(([label, tld]) => `${label}.${tld}`),
)
const email = fc.constantFrom('oncall@example.com', 'alerts@example.org', 'not-an-address', 'a@{{x}}.com')

const receiver = fc.record(
  {
    type: fc.oneof(
      {arbitrary: fc.constantFrom(...RECEIVER_TYPES), weight: 8},
      {arbitrary: hostileString, weight: 1},
    ),
    secretName: fc.oneof({arbitrary: dnsLabel, weight: 8}, {arbitrary: hostileString, weight: 1}),
    secretKey: fc.oneof(
      {arbitrary: fc.constantFrom('slack-url', 'pagerduty', 'smtp', 'api.key'), weight: 8},
      {arbitrary: hostileString, weight: 1},
    ),
    to: email,
    from: email,
    smarthost: fc.constantFrom('smtp.example.com:587', 'smtp:25', 'no-port', '{{h}}:1'),
    username: fc.constantFrom('alertmanager', 'with space', '{{u}}'),
    channel: fc.constantFrom('#alerts', '@oncall', 'alerts', '#{{c}}', '#UPPER'),
    password: fc.constantFrom('hunter2'),
  },
  {requiredKeys: []},
)

const validCidr = fc
  .tuple(fc.integer({min: 1, max: 223}), octet, fc.integer({min: 8, max: 28}))
  .map(([a, b, prefix]) => `${a}.${b}.0.0/${prefix}`)

const validReceiver = fc.oneof(
  fc.record({
    type: fc.constantFrom('pagerduty', 'opsgenie'),
    secretName: dnsLabel,
    secretKey: fc.constantFrom('routing-key', 'api-key'),
  }),
  fc.record(
    {
      type: fc.constant('slack'),
      secretName: dnsLabel,
      secretKey: fc.constant('slack-url'),
      channel: fc.constantFrom('#alerts', '@oncall'),
    },
    {requiredKeys: ['type', 'secretName', 'secretKey']},
  ),
  fc.record(
    {
      type: fc.constant('email'),
      secretName: dnsLabel,
      secretKey: fc.constant('smtp-password'),
      to: fc.constant('oncall@example.com'),
      from: fc.constant('alerts@example.com'),
      smarthost: fc.constant('smtp.example.com:587'),
      username: fc.constant('alertmanager'),
    },
    {requiredKeys: ['type', 'secretName', 'secretKey', 'to', 'from', 'smarthost']},
  ),
)

const ALIASES = [...new Set(allCharts(CATALOG).map(({chart}) => chart.alias))]
const VALUE_KEYS = [
  'replicas',
  'enabled',
  'podAnnotations',
  'service',
  'image',
  'resources',
  'existingSecret',
  'adminPassword',
  'password',
  'token',
  'apiKey',
  'api_url',
  '__proto__',
  'constructor',
]
const valueKey = fc.oneof(fc.constantFrom(...VALUE_KEYS), fc.string({maxLength: 8}))
const valueLeaf = fc.oneof(
  fc.string({maxLength: 12}),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference, as charts expand them.
  fc.constantFrom('{{ .Release.Name }}', 'https://hooks.slack.com/services/T0/B0/X', '${PASSWORD}'),
)
const valuesTree = fc.object({key: valueKey, maxDepth: 3, maxKeys: 4, values: [valueLeaf]})
const values = fc.dictionary(
  fc.oneof(
    {arbitrary: fc.constantFrom(...ALIASES), weight: 5},
    {arbitrary: fc.string({maxLength: 8}), weight: 1},
  ),
  fc.oneof({arbitrary: valuesTree, weight: 8}, {arbitrary: wrongType, weight: 1}),
  {maxKeys: 3},
)

/** Answers built from `valid` and `hostile` arbitraries per key; every key may be left out. */
function answersFrom(pick: <T>(valid: fc.Arbitrary<T>) => fc.Arbitrary<unknown>, hostile: boolean) {
  return fc.record(
    {
      apiVersion: hostile
        ? fc.oneof(
            {arbitrary: fc.constant('prodstack.dev/v1'), weight: 20},
            {arbitrary: fc.constantFrom('prodstack.dev/v2', 'v1', ''), weight: 1},
          )
        : fc.constant('prodstack.dev/v1'),
      preset: pick(fc.constantFrom(...PRESETS)),
      name: pick(stackName),
      cluster: pick(fc.constantFrom(...CLUSTER_FLAVOURS)),
      cni: pick(fc.constantFrom(...CNI_CHOICES)),
      podCidr: pick(hostile ? cidr : validCidr),
      ingress: pick(fc.constantFrom(...INGRESS_CHOICES)),
      domain: pick(domain),
      tlsIssuer: pick(dnsLabel),
      certManager: pick(fc.boolean()),
      mesh: pick(fc.constantFrom(...MESH_CHOICES)),
      metrics: pick(fc.constantFrom(...METRICS_CHOICES)),
      metricsServer: pick(fc.boolean()),
      alertReceivers: pick(fc.array<unknown>(hostile ? receiver : validReceiver, {maxLength: 3})),
      logging: pick(fc.constantFrom(...LOG_AGENT_CHOICES)),
      logStore: pick(fc.constantFrom(...LOG_STORE_CHOICES)),
      dashboards: pick(
        hostile
          ? fc.oneof(
              {arbitrary: fc.subarray([...DASHBOARD_CHOICES]), weight: 8},
              {arbitrary: fc.constantFrom(['grafana', 'grafana'], ['kibanna']), weight: 1},
            )
          : fc.subarray([...DASHBOARD_CHOICES]),
      ),
      namespace: pick(fc.oneof(dnsLabel, fc.constantFrom('platform', 'kube-system', 'default'))),
      layout: pick(fc.constantFrom(...LAYOUTS)),
      values: pick(hostile ? values : safeValues),
    },
    {requiredKeys: []},
  )
}

/** Half the cases: only valid answers (choices may still conflict); half: anything goes. */
/** Values a careful user might set: known aliases, ordinary keys, no credentials. */
const safeValues = fc.dictionary(
  fc.constantFrom('grafana', 'traefik', 'cilium', 'metrics-server', 'loki', 'kube-prometheus-stack'),
  fc.record(
    {
      podAnnotations: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9./-]{0,15}$/),
        fc.string({maxLength: 12}),
        {maxKeys: 2},
      ),
      replicas: fc.integer({min: 1, max: 5}),
      existingSecret: dnsLabel,
      note: fc.constantFrom('{{ .Release.Name }}', 'plain'),
      // `enabled` is prodstack's, typed boolean by the generated schema: a string fails verification.
      enabled: fc.constantFrom(true, 'yes'),
    },
    {requiredKeys: []},
  ),
  {maxKeys: 2},
)

/** Keys no answers file has; rare, as a typo would be. */
const extraKeys = fc.option(
  fc.dictionary(fc.string({maxLength: 10}), fc.jsonValue({maxDepth: 1}), {maxKeys: 2}),
  {
    nil: undefined,
    freq: 8,
  },
)

/** How the answers reach prodstack: as a YAML answers file, or as the flags (with --yes either way). */
const via = fc.constantFrom('file', 'flags')

/** Half the cases: only valid answers (choices may still conflict); half: anything goes. */
const scenario = fc.oneof(
  fc.record({
    answers: answersFrom((valid) => fc.option(valid, {nil: undefined, freq: 3}), false),
    via,
    preset: fc.option(fc.constantFrom(...PRESETS), {nil: undefined, freq: 5}),
  }),
  fc.record(
    {
      answers: answersFrom(answer, true),
      extra: extraKeys,
      via,
      preset: fc.option(fc.oneof(fc.constantFrom(...PRESETS), hostileString), {nil: undefined, freq: 5}),
      helmNamespace: fc.option(fc.oneof(dnsLabel, hostileString), {nil: undefined, freq: 6}),
    },
    {requiredKeys: ['answers', 'via']},
  ),
)

// --- The checks --------------------------------------------------------------------------------

const upstreamDirOf = new Map(allCharts(CATALOG).map(({chart}) => [chart.alias, chart.upstreamDir]))
const pathVerdicts = new Map<string, string>()
const sectionErrors = new Map<string, string[] | undefined>()

/** What the stack must satisfy beyond its own schemas: safe paths, and upstream conformance of our settings. */
function stackFailures(plan: Plan, files: FileSet): string[] {
  const failures: string[] = []
  for (const path of files.keys()) {
    if (path.startsWith('/') || path.split('/').includes('..')) failures.push(`unsafe path ${path}`)
  }
  if (!upstream) return failures
  for (const layer of plan.layers) {
    if (layer.release.length > 53) failures.push(`release ${layer.release} too long`)
    for (const chart of layer.charts) {
      const dir = upstreamDirOf.get(chart.alias)
      if (!dir) continue
      for (const setting of chart.settings) {
        const key = `${dir}|${setting.path.join('\u0000')}`
        if (!pathVerdicts.has(key)) pathVerdicts.set(key, classifyPath(dir, setting.path))
        if (pathVerdicts.get(key) === 'unknown')
          failures.push(`${chart.alias}.${setting.path.join('.')} unknown upstream`)
      }
      // Our settings against the upstream schema; the user's own values are theirs to get right.
      const {userValues: _own, ...ours} = chart
      const section = JSON.stringify(chartValues(ours))
      const key = `${dir}|${section}`
      if (!sectionErrors.has(key))
        sectionErrors.set(key, upstreamSchemaErrors(dir, coalesced(dir, JSON.parse(section))))
      const errors = sectionErrors.get(key)
      if (errors && errors.length > 0) failures.push(`${chart.alias} fails upstream schema: ${errors[0]}`)
    }
  }
  return failures
}

describe('any answers', () => {
  it(`end in a valid stack or a clean user error (${RUNS} generated cases)`, async () => {
    const outcomes = new Map<string, number>()
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    let run = 0
    const started = performance.now()

    await fc.assert(
      fc.asyncProperty(scenario, async (generated) => {
        const {answers: input, via, preset} = generated
        const extra = 'extra' in generated ? generated.extra : undefined
        const helmNamespace = 'helmNamespace' in generated ? generated.helmNamespace : undefined
        const given = {...extra, ...input} as Record<string, unknown>
        const sources: AnswerSources = {flags: {}, flagProblems: [], yes: true}
        if (via === 'file') {
          const file = join(work, `answers-${run++ % 16}.yaml`)
          writeFileSync(file, stringify(given))
          sources.answersFile = file
        } else {
          sources.flags = given
        }
        if (preset !== undefined) sources.preset = preset
        if (helmNamespace !== undefined) sources.environment = {namespace: helmNamespace}

        let plan: Plan
        let files: FileSet
        try {
          plan = planStack(gatherAnswers(sources))
          files = renderStackFiles(plan, '0.0.0-test')
          await verifyStack(plan, files)
        } catch (error) {
          if (!(error instanceof UserError)) throw error
          expect(error.problems.length, error.message).toBeGreaterThan(0)
          for (const problem of error.problems) {
            expect(problem.source, JSON.stringify(problem)).toMatch(/\S/)
            expect(problem.message, JSON.stringify(problem)).toMatch(/\S/)
            expect(problem.hint, `a problem without a fix: ${JSON.stringify(problem)}`).toMatch(/\S/)
          }
          count(error.code)
          return
        }
        expect(stackFailures(plan, files)).toEqual([])
        // The prodstack.yaml written regenerates the same stack, byte for byte.
        const again = join(work, 'regenerate.yaml')
        writeFileSync(again, files.get('prodstack.yaml')!)
        const replanned = planStack(
          gatherAnswers({flags: {}, flagProblems: [], answersFile: again, yes: false}),
        )
        expect(renderStackFiles(replanned, '0.0.0-test')).toEqual(files)
        count('valid stack')
      }),
      {numRuns: RUNS},
    )

    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `answers property: ${RUNS} cases in ${seconds}s: ${JSON.stringify(Object.fromEntries(outcomes))}`,
    )
    // Both sides of the property are reached, and the rules between components, too.
    expect(outcomes.get('valid stack') ?? 0).toBeGreaterThan(RUNS / 20)
    expect(outcomes.get('INVALID_ANSWERS') ?? 0).toBeGreaterThan(RUNS / 20)
    expect(outcomes.get('INVALID_PLAN') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('INVALID_STACK') ?? 0).toBeGreaterThan(0)
    // CPU-bound (6,000 stacks): on a busy two-core machine it takes longer than the default minute.
  }, 300_000)
})
