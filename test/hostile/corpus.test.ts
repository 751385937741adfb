/**
 * Hostile and broken input, end to end: each case runs the built CLI in a fresh directory and
 * asserts the exit code, that the error names the culprit (flag, file key or path) and a fix, that
 * no stack trace is printed, and that the file system is exactly as it was. A representative
 * subset runs again with --json and checks the one error object and its stable code.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse, parseAllDocuments, stringify} from 'yaml'
import {completeAnswers} from '../../src/answers/complete.js'
import {answersSchema} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {validateAnswersInput} from '../../src/schema/validate-answers.js'
import {readFiles, requireBuild, runCli, STACK_TRACE, snapshotTree} from '../support/cli.js'
import {describeEachHelm, runHelm, writeFileSet, writeStubChart} from '../support/helm.js'
import {planFor} from '../support/plans.js'
import {REPO_ROOT} from '../support/shared.js'

type Files = Record<string, string | Buffer>

interface Case {
  name: string
  args: string[]
  /** Files to create in the case's directory before the run. */
  files?: Files
  /** More set-up in the case's directory. */
  setup?: (dir: string) => void
  exit: 1 | 2
  /** The stable error code (`error.code` with --json). */
  code: string
  /** Must appear in the error: the flag, file key or path at fault. */
  culprit: string | RegExp
  /** Must appear in a hint: how to fix it. */
  fix: string | RegExp
  /** Run again with --json. */
  json?: boolean
  /** Paths outside the case's directory that must not exist afterwards. */
  absent?: string[]
}

const V1 = 'apiVersion: prodstack.dev/v1\n'
const TEMPLATE = '{{ .Release.Name }}'

/** A file that names a key at fault: `answers.yaml: key`. */
const key = (name: string) => `answers.yaml: ${name}`

let root: string
let stackTemplate: string

beforeAll(() => {
  requireBuild()
  root = mkdtempSync(join(tmpdir(), 'prodstack-hostile-'))
  // One real stack, copied into the cases that need an existing stack.
  stackTemplate = join(root, 'template')
  mkdirSync(stackTemplate)
  const made = runCli(stackTemplate, [
    'init',
    '--yes',
    '--preset',
    'minimal',
    '--no-dependency-update',
    'stack',
  ])
  if (made.status !== 0) throw new Error(`could not create the template stack: ${made.stderr}`)
})
afterAll(() => {
  if (root) rmSync(root, {recursive: true, force: true})
})

const withStack = (dir: string) => cpSync(join(stackTemplate, 'stack'), join(dir, 'stack'), {recursive: true})

/** The answers file of a real stack, with one key changed (undefined removes it). */
function stackAnswers(changes: Record<string, unknown>): string {
  const answers: Record<string, unknown> = {...completeAnswers({preset: 'standard'}), ...changes}
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete answers[name]
  return stringify(answers)
}

/** A "billion laughs" file: ten levels of nine aliases each, about 10^9 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
  for (let level = 1; level <= 9; level++)
    lines.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    )
  return `${V1}values:\n  grafana:\n${lines.map((line) => `    ${line}`).join('\n')}\n`
}

const receiver = (fields: string) => `email=alertmanager-receivers/smtp,${fields}`
const EMAIL_OK = 'to=oncall@example.com,from=alerts@example.com,smarthost=smtp.example.com:587'

const cases: Case[] = [
  // Malformed answers files.
  {
    name: 'malformed YAML',
    files: {'answers.yaml': `${V1}cni: [cilium\ningress: traefik\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: /answers\.yaml: is not valid YAML or JSON at line \d+, column \d+/,
    fix: 'fix the syntax there',
    json: true,
  },
  {
    name: 'malformed JSON (two commas)',
    files: {'answers.json': '{"apiVersion": "prodstack.dev/v1", "cni": "cilium",,}'},
    args: ['init', '--answers', 'answers.json', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: /answers\.json: is not valid YAML or JSON at line 1/,
    fix: 'fix the syntax there',
  },
  {
    name: 'truncated JSON',
    files: {'answers.json': '{"apiVersion": "prodstack.dev/v1", "cni": "cil'},
    args: ['init', '--answers', 'answers.json', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: /answers\.json: is not valid YAML or JSON/,
    fix: 'fix the syntax there',
  },
  {
    name: 'a key given twice',
    files: {'answers.yaml': `${V1}cni: cilium\ncni: calico\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: /answers\.yaml: .*line 3.*Map keys must be unique/,
    fix: 'fix the syntax there',
  },
  {
    name: 'a list instead of a mapping',
    files: {'answers.yaml': '- cni: cilium\n- ingress: traefik\n'},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: must contain a mapping of answers',
    fix: 'start from the prodstack.yaml',
  },
  {
    name: 'an empty answers file',
    files: {'answers.yaml': ''},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: is empty',
    fix: 'apiVersion: prodstack.dev/v1',
    json: true,
  },
  {
    name: 'an answers file with only a comment',
    files: {'answers.yaml': '# nothing here\n\n'},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: must contain a mapping',
    fix: 'start from the prodstack.yaml',
  },
  {
    name: 'a binary answers file',
    files: {'answers.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe])},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: is a binary file',
    fix: 'check the path given to --answers',
  },
  {
    name: 'an answers file that does not exist',
    args: ['init', '--answers', 'missing.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'missing.yaml: does not exist',
    fix: 'check the path given to --answers',
  },
  {
    name: 'a directory given as the answers file',
    setup: (dir) => mkdirSync(join(dir, 'answers')),
    args: ['init', '--answers', 'answers', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers: is a directory',
    fix: 'pass the prodstack.yaml file inside it',
  },
  {
    name: 'a huge answers file (over 256 KiB)',
    files: {'answers.yaml': `${V1}name: "${'a'.repeat(300 * 1024)}"\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: /answers\.yaml: is \d+ bytes; answers files are at most 262144/,
    fix: 'answers files are a few kilobytes',
    json: true,
  },
  {
    name: 'an endless answers file (/dev/zero)',
    args: ['init', '--answers', '/dev/zero', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: '/dev/zero: is more than 262144 bytes',
    fix: 'answers files are a few kilobytes',
  },
  {
    name: 'a YAML alias bomb',
    files: {'answers.yaml': aliasBomb()},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: expands too many YAML aliases',
    fix: 'without *aliases',
    json: true,
  },
  {
    name: 'an answers file nested thousands of levels deep',
    files: {'answers.yaml': `${V1}values:\n  grafana: {a: ${'['.repeat(50_000)}${']'.repeat(50_000)}}\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'ANSWERS_FILE_UNREADABLE',
    culprit: 'answers.yaml: is nested too deeply',
    fix: 'a flat mapping',
  },

  // Wrong types, unknown keys and ids.
  {
    name: 'wrong types in the answers file',
    files: {'answers.yaml': `${V1}cni: 5\nmetricsServer: "yes"\ndashboards: grafana\nname: 2024\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('metricsServer')}: expected boolean`,
    fix: 'use true or false',
    json: true,
  },
  {
    name: 'a list where one value is expected',
    files: {'answers.yaml': `${V1}cni: [cilium, calico]\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('cni')}: expected string`,
    fix: 'use one of: calico, cilium',
  },
  {
    name: 'an unknown key (did you mean)',
    files: {'answers.yaml': `${V1}logstore: loki\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('logstore')}: unknown key "logstore"`,
    fix: 'did you mean logStore?',
    json: true,
  },
  {
    name: 'an unknown key in an alert receiver (a credential smuggled in)',
    files: {
      'answers.yaml': `${V1}alertReceivers:\n  - {type: slack, secretName: s, secretKey: k, apiUrl: "https://hooks.slack.com/services/T0/B0/x"}\n`,
    },
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('alertReceivers.0.apiUrl')}: unknown key "apiUrl"`,
    fix: 'known keys: type, secretName, secretKey',
  },
  {
    name: 'an unknown component id in the answers file',
    files: {'answers.yaml': `${V1}logStore: lokki\n`},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('logStore')}: "lokki" is not one of`,
    fix: 'did you mean loki?',
  },
  {
    name: 'unknown component ids as flags, all reported at once',
    args: ['init', '--yes', '--cni', 'cilum', '--mesh', 'istoi', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: /--cni: "cilum"[\s\S]*--mesh: "istoi"/,
    fix: /did you mean cilium\?[\s\S]*did you mean istio\?/,
    json: true,
  },
  {
    name: 'an unknown dashboard in a list',
    args: ['init', '--yes', '--dashboards', 'grafana,kibanna', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--dashboards: "kibanna" is not one of',
    fix: 'did you mean kibana?',
  },
  {
    name: 'an unknown preset',
    args: ['init', '--yes', '--preset', 'maximal', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--preset: "maximal"',
    fix: 'did you mean minimal?',
  },
  {
    name: 'an unknown flag',
    args: ['init', '--yes', '--cnii', 'cilium', 'out'],
    exit: 2,
    code: 'USAGE',
    culprit: '--cnii',
    fix: 'did you mean --cni?',
    json: true,
  },
  {
    name: 'an unknown command',
    args: ['iinit', '--yes', 'out'],
    exit: 2,
    code: 'USAGE',
    culprit: 'no command "iinit"',
    fix: 'did you mean init?',
    json: true,
  },
  {
    name: 'help for an unknown command',
    args: ['help', 'iinit'],
    exit: 2,
    code: 'USAGE',
    culprit: 'no command "iinit"',
    fix: 'did you mean init?',
    json: true,
  },
  {
    name: 'a flag without its value',
    args: ['init', '--yes', '--cni'],
    exit: 2,
    code: 'USAGE',
    culprit: '--cni expects a value',
    fix: 'see prodstack init --help',
  },
  {
    name: 'unanswered questions without a terminal',
    args: ['init', 'out'],
    exit: 1,
    code: 'MISSING_ANSWERS',
    // The directory names the stack, so the name is not among them.
    culprit: 'unanswered: cluster, cni',
    fix: 'pass --yes',
    json: true,
  },
  {
    name: 'a malformed --alert-receiver',
    args: ['init', '--yes', '--alert-receiver', 'slack', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--alert-receiver slack: is not TYPE=SECRET/KEY',
    fix: 'use TYPE=SECRET/KEY',
  },
  {
    name: 'an e-mail receiver without recipient, sender and server',
    files: {
      'answers.yaml': `${V1}alertReceivers:\n  - {type: email, secretName: alertmanager-receivers, secretKey: smtp}\n`,
    },
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: /alertReceivers\.0: missing "to"[\s\S]*missing "smarthost"/,
    fix: 'add to, for example oncall@example.com',
  },
  {
    name: 'more alert receivers than allowed',
    args: ['init', '--yes', ...Array(21).fill(['--alert-receiver', 'slack=s/k']).flat(), 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--alert-receiver: has more than 20 items',
    fix: 'keep at most 20',
  },

  // Conflicting choices.
  {
    name: 'Kibana without Elasticsearch',
    args: ['init', '--yes', '--dashboards', 'kibana', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: '--dashboards: Kibana (ECK) needs Elasticsearch',
    fix: '--log-store elasticsearch',
    json: true,
  },
  {
    name: 'a log agent without a log store',
    args: [
      'init',
      '--yes',
      '--logging',
      'fluent-bit',
      '--log-store',
      'none',
      '--dashboards',
      'grafana',
      'out',
    ],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: '--logging',
    fix: '--log-store',
  },
  {
    name: 'a domain without an ingress controller',
    args: ['init', '--yes', '--domain', 'example.com', '--ingress', 'none', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: '--domain: UIs under example.com need an ingress controller',
    fix: 'pass --ingress traefik',
  },
  {
    name: 'alert receivers without Alertmanager',
    args: ['init', '--yes', '--metrics', 'prometheus', '--alert-receiver', 'slack=s/k', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: '--alert-receiver: alert receivers need an Alertmanager',
    fix: 'pass --metrics kube-prometheus-stack',
  },
  {
    name: 'values for a chart that is not in the stack',
    files: {'answers.yaml': `${V1}values:\n  grafanna:\n    replicas: 2\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: 'values.grafanna: no chart with alias "grafanna"',
    fix: 'did you mean grafana?',
  },

  // Names, domains, addresses and paths.
  {
    name: 'a stack name that is not a DNS label',
    args: ['init', '--yes', '--name', 'My_Stack', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--name: "My_Stack" is not a DNS label',
    fix: 'for example my-stack',
    json: true,
  },
  {
    name: "a stack name that would exceed Helm's 53-character release names",
    args: ['init', '--yes', '--name', 'a'.repeat(27), 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--name: "aaaaaaaaaaaaaaaaaaaaaaaaaaa" is longer than 26 characters',
    fix: 'may not exceed 53 characters',
  },
  {
    name: 'a stack name smuggling a path (../)',
    files: {'answers.yaml': `${V1}name: ../../etc\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('name')}: "../../etc" is not a DNS label`,
    fix: 'for example my-stack',
    absent: [join(tmpdir(), 'etc')],
  },
  {
    name: 'a stack name smuggling an absolute path',
    args: ['init', '--yes', '--name', '/tmp/prodstack-escaped'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--name: "/tmp/prodstack-escaped" is not a DNS label',
    fix: 'for example my-stack',
    absent: ['/tmp/prodstack-escaped'],
  },
  {
    name: 'a values alias smuggling a path',
    files: {'answers.yaml': `${V1}values:\n  ../../grafana:\n    replicas: 2\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('values.../../grafana')}: "../../grafana" is not a dependency alias`,
    fix: 'such as grafana',
  },
  {
    name: 'a domain with a scheme and a path',
    args: ['init', '--yes', '--domain', 'https://example.com/ui', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--domain: "https://example.com/ui" is not a lower-case DNS domain',
    fix: 'without a scheme, port or path',
  },
  {
    name: 'an invalid e-mail address',
    args: [
      'init',
      '--yes',
      '--alert-receiver',
      receiver('to=oncall,from=alerts@example.com,smarthost=smtp.example.com:587'),
      'out',
    ],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--alert-receiver #1 to: "oncall" is not an e-mail address',
    fix: 'for example oncall@example.com',
  },
  {
    name: 'a CIDR with a prefix out of range',
    args: ['init', '--yes', '--pod-cidr', '10.244.0.0/33', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: '--pod-cidr: "10.244.0.0/33" is not an IPv4 CIDR',
    fix: 'for example 10.244.0.0/16',
  },
  {
    name: 'a CIDR with an impossible address',
    files: {'answers.yaml': `${V1}podCidr: 300.1.1.1/16\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('podCidr')}: "300.1.1.1/16" is not an IPv4 CIDR`,
    fix: 'for example 10.244.0.0/16',
  },

  // Targets.
  {
    name: 'an existing non-empty directory without --force',
    files: {'out/main.go': 'package main\n'},
    args: ['init', '--yes', 'out'],
    exit: 1,
    code: 'TARGET_NOT_EMPTY',
    culprit: 'out: already contains 1 entry',
    fix: 'choose a new or empty directory',
    json: true,
  },
  {
    name: 'an existing stack without --force',
    setup: withStack,
    args: ['init', '--yes', '--preset', 'full', 'stack'],
    exit: 1,
    code: 'TARGET_NOT_EMPTY',
    culprit: /stack: already contains \d+ entries/,
    fix: 'pass --force to replace this stack',
  },
  {
    name: 'a directory prodstack did not write, with --force',
    files: {'project/main.go': 'package main\n', 'project/values.yaml': 'mine: true\n'},
    args: ['init', '--yes', '--force', 'project'],
    exit: 1,
    code: 'TARGET_NOT_EMPTY',
    culprit: 'project: has no prodstack.yaml, so --force will not replace it',
    fix: '--force only replaces a stack prodstack wrote',
  },
  {
    name: 'an unwritable target (/proc)',
    args: ['init', '--yes', '/proc/prodstack-unwritable'],
    exit: 1,
    code: 'WRITE_FAILED',
    culprit: '/proc/prodstack-unwritable: cannot create files in /proc',
    fix: 'choose a directory you can write to',
    json: true,
    absent: ['/proc/prodstack-unwritable'],
  },
  {
    name: 'a target whose parent has vanished',
    args: ['init', '--yes', 'gone/away/out'],
    exit: 1,
    code: 'WRITE_FAILED',
    culprit: /gone\/away\/out: parent directory .*gone\/away does not exist/,
    fix: 'create it first',
  },
  {
    name: 'a file where the stack directory is expected',
    files: {out: 'not a directory\n'},
    args: ['init', '--yes', 'out'],
    exit: 1,
    code: 'WRITE_FAILED',
    culprit: 'out: is a file, not a directory',
    fix: 'choose a new directory name',
  },
  {
    name: 'a file where the parent directory is expected',
    files: {notes: 'a file\n'},
    args: ['init', '--yes', 'notes/out'],
    exit: 1,
    code: 'WRITE_FAILED',
    culprit: /notes\/out: .*notes is a file, not a directory/,
    fix: 'choose a path inside a directory',
  },

  // Secrets.
  {
    name: 'an inline password in values',
    files: {'answers.yaml': `${V1}values:\n  grafana:\n    adminPassword: hunter2\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: 'values.grafana.adminPassword: is a credential written inline',
    fix: 'create a Secret and reference it',
    json: true,
  },
  {
    name: 'an inline Slack webhook URL in values, under a key that does not say so',
    files: {
      'answers.yaml': `${V1}values:\n  kube-prometheus-stack:\n    alertmanager:\n      config:\n        receivers:\n          - name: slack\n            slack_configs:\n              - api_url: https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXX\n`,
    },
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_PLAN',
    culprit: 'values.kube-prometheus-stack.alertmanager.config.receivers.0.slack_configs.0.api_url',
    fix: 'create a Secret and reference it',
  },

  // Values that YAML can hold but values.yaml and Helm cannot.
  {
    name: 'a __proto__ key in values',
    files: {'answers.yaml': `${V1}values:\n  grafana:\n    __proto__:\n      polluted: true\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('values.grafana.__proto__')}: the key "__proto__" cannot be written`,
    fix: 'remove it',
  },
  {
    name: '.nan in values',
    files: {'answers.yaml': `${V1}values:\n  grafana:\n    replicas: .nan\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('values.grafana.replicas')}: NaN is not a finite number`,
    fix: 'write a number',
  },
  {
    name: 'binary data in values',
    files: {'answers.yaml': `${V1}values:\n  grafana:\n    blob: !!binary aGVsbG8=\n`},
    args: ['init', '--yes', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('values.grafana.blob')}: is binary data`,
    fix: 'no !!binary',
  },

  // apiVersion of prodstack.yaml.
  {
    name: 'answers from a newer prodstack (apiVersion v2)',
    files: {'answers.yaml': stackAnswers({apiVersion: 'prodstack.dev/v2'})},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('apiVersion')}: "prodstack.dev/v2" is not "prodstack.dev/v1"`,
    fix: 'written for a newer prodstack: upgrade prodstack',
    json: true,
  },
  {
    name: 'answers with an apiVersion prodstack never wrote',
    files: {'answers.yaml': stackAnswers({apiVersion: 'prodstack/v1alpha1'})},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${key('apiVersion')}: "prodstack/v1alpha1"`,
    fix: 'set apiVersion: prodstack.dev/v1',
  },
  {
    name: 'answers without an apiVersion',
    files: {'answers.yaml': stackAnswers({apiVersion: undefined})},
    args: ['init', '--answers', 'answers.yaml', 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: 'answers.yaml: missing "apiVersion"',
    fix: 'add apiVersion: prodstack.dev/v1',
  },
  {
    name: 'validate: a stack whose prodstack.yaml has a newer apiVersion',
    setup: (dir) => {
      withStack(dir)
      const file = join(dir, 'stack/prodstack.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('prodstack.dev/v1', 'prodstack.dev/v3'))
    },
    args: ['validate', 'stack'],
    exit: 1,
    code: 'INVALID_STACK',
    culprit: 'stack/prodstack.yaml: apiVersion: "prodstack.dev/v3"',
    fix: 'upgrade prodstack',
    json: true,
  },
  {
    name: 'validate: a directory that is not a stack',
    files: {'project/main.go': 'package main\n'},
    args: ['validate', 'project'],
    exit: 1,
    code: 'INVALID_STACK',
    culprit: 'project: has no prodstack.yaml',
    fix: 'pass the directory prodstack init wrote',
  },
  {
    name: 'validate: a stack whose values.yaml was broken by hand',
    setup: (dir) => {
      withStack(dir)
      writeFileSync(join(dir, 'stack/60-platform/values.yaml'), 'traefik: [\n')
    },
    args: ['validate', 'stack'],
    exit: 1,
    code: 'INVALID_STACK',
    culprit: '60-platform/values.yaml: is not valid YAML',
    fix: /regenerate|fix/,
  },
]

/** Free-text answers: each must refuse Helm template delimiters. Flags where there is one. */
const templateCases: Array<{key: string; args: string[]; culprit: string}> = [
  {key: 'name', args: ['--name', TEMPLATE], culprit: '--name'},
  {key: 'domain', args: ['--domain', `{{x}}.example.com`], culprit: '--domain'},
  {key: 'tlsIssuer', args: ['--tls-issuer', TEMPLATE], culprit: '--tls-issuer'},
  {key: 'namespace', args: ['--platform-namespace', '{{ .Values }}'], culprit: '--platform-namespace'},
  {key: 'podCidr', args: ['--pod-cidr', '10.0.0.0/16{{ "" }}'], culprit: '--pod-cidr'},
  {
    key: 'alertReceivers.secretName',
    args: ['--alert-receiver', `slack=${TEMPLATE}/key`],
    culprit: '--alert-receiver #1 secretName',
  },
  {
    key: 'alertReceivers.secretKey',
    args: ['--alert-receiver', 'slack=alertmanager-receivers/{{.Values.x}}'],
    culprit: '--alert-receiver #1 secretKey',
  },
  {
    key: 'alertReceivers.to',
    args: [
      '--alert-receiver',
      receiver('to={{x}}@example.com,from=a@example.com,smarthost=smtp.example.com:587'),
    ],
    culprit: '--alert-receiver #1 to',
  },
  {
    key: 'alertReceivers.from',
    args: ['--alert-receiver', receiver('to=a@example.com,from=a@{{x}}.com,smarthost=smtp.example.com:587')],
    culprit: '--alert-receiver #1 from',
  },
  {
    key: 'alertReceivers.smarthost',
    args: ['--alert-receiver', receiver('to=a@example.com,from=b@example.com,smarthost={{x}}:25')],
    culprit: '--alert-receiver #1 smarthost',
  },
  {
    key: 'alertReceivers.username',
    args: ['--alert-receiver', receiver(`${EMAIL_OK},username={{.Release.Name}}`)],
    culprit: '--alert-receiver #1 username',
  },
  {
    key: 'dnsCredentialsSecret',
    args: ['--domain', 'example.com', '--dns-provider', 'aws', '--dns-credentials-secret', TEMPLATE],
    culprit: '--dns-credentials-secret',
  },
  {
    key: 'alertReceivers.channel',
    args: ['--alert-receiver', 'slack=alertmanager-receivers/slack-url,channel=#{{x}}'],
    culprit: '--alert-receiver #1 channel',
  },
  {key: 'registry', args: ['--registry', 'registry.example.com/{{x}}'], culprit: '--registry'},
  {
    key: 'chartRegistry',
    args: ['--chart-registry', `oci://registry.example.com/${TEMPLATE}`],
    culprit: '--chart-registry',
  },
  {
    key: 'gitRepo',
    args: ['--gitops', 'flux', '--git-repo', `https://git.example.com/${TEMPLATE}`],
    culprit: '--git-repo',
  },
  {
    key: 'gitRevision',
    args: ['--gitops', 'flux', '--git-repo', 'https://git.example.com/a.git', '--git-revision', 'main{{x}}'],
    culprit: '--git-revision',
  },
  {
    key: 'gitPath',
    args: ['--gitops', 'flux', '--git-repo', 'https://git.example.com/a.git', '--git-path', `a/${TEMPLATE}`],
    culprit: '--git-path',
  },
]

for (const {key: name, args, culprit} of templateCases) {
  cases.push({
    name: `Helm template delimiters in ${name}`,
    args: ['init', '--yes', ...args, 'out'],
    exit: 1,
    code: 'INVALID_ANSWERS',
    culprit: `${culprit}: "`,
    fix: 'for example',
  })
}

function setUp(testCase: Case): string {
  const dir = mkdtempSync(join(root, 'case-'))
  for (const [path, contents] of Object.entries(testCase.files ?? {})) {
    mkdirSync(join(dir, path, '..'), {recursive: true})
    writeFileSync(join(dir, path), contents)
  }
  testCase.setup?.(dir)
  return dir
}

const matches = (text: string, pattern: string | RegExp) =>
  typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)

describe('hostile and broken input', () => {
  it('has a corpus of at least 40 cases, with every stable error code', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
    expect(new Set(cases.map((testCase) => testCase.code))).toEqual(
      new Set([
        'ANSWERS_FILE_UNREADABLE',
        'INVALID_ANSWERS',
        'INVALID_PLAN',
        'MISSING_ANSWERS',
        'TARGET_NOT_EMPTY',
        'WRITE_FAILED',
        'INVALID_STACK',
        'USAGE',
      ]),
    )
    console.log(
      `hostile corpus: ${cases.length} cases, ${cases.filter((c) => c.json).length} also with --json`,
    )
  })

  for (const testCase of cases) {
    it(`${testCase.name}: exit ${testCase.exit}, names the culprit and a fix, changes nothing`, () => {
      const dir = setUp(testCase)
      const before = snapshotTree(dir)
      const result = runCli(dir, testCase.args)
      const output = `${result.stdout}\n${result.stderr}`

      expect(result.status, output).toBe(testCase.exit)
      expect(output).not.toMatch(STACK_TRACE)
      expect(result.stderr).toMatch(/^Error: /)
      expect(
        matches(result.stderr, testCase.culprit),
        `culprit ${testCase.culprit} in:\n${result.stderr}`,
      ).toBe(true)
      expect(matches(result.stderr, testCase.fix), `fix ${testCase.fix} in:\n${result.stderr}`).toBe(true)
      // Every problem line ends with its fix in parentheses; a usage error is one such line.
      const lines = result.stderr.trimEnd().split('\n')
      const problemLines = testCase.exit === 2 ? lines : lines.filter((line) => line.startsWith('  - '))
      expect(problemLines.length).toBeGreaterThan(0)
      for (const line of problemLines) expect(line, 'a problem without a fix').toMatch(/\)$/)
      // Hostile files fail fast: bounded time (and memory, or the run would not finish at all).
      expect(result.ms).toBeLessThan(5000)

      expect(snapshotTree(dir)).toEqual(before)
      for (const path of testCase.absent ?? []) expect(existsSync(path), path).toBe(false)
    })
  }

  for (const testCase of cases.filter((candidate) => candidate.json)) {
    it(`${testCase.name}, with --json: one error object on stdout with code ${testCase.code}`, () => {
      const dir = setUp(testCase)
      const before = snapshotTree(dir)
      const result = runCli(dir, [...testCase.args, '--json'])

      expect(result.status).toBe(testCase.exit)
      expect(result.stderr).toBe('')
      const output = JSON.parse(result.stdout)
      // validate's output carries its report on failure too, so success and failure share one shape.
      const report =
        testCase.args[0] === 'validate'
          ? ['dir', 'drift', 'helm', 'lint', 'localEdits', 'problems', 'recorded', 'warnings']
          : []
      expect(Object.keys(output).sort()).toEqual(['error', 'status', ...report].sort())
      expect(output.status).toBe('error')
      const {error} = output
      expect(error).toMatchObject({code: testCase.code, exitCode: testCase.exit})
      expect(typeof error.message).toBe('string')
      expect(error.problems.length).toBeGreaterThan(0)
      for (const problem of error.problems) {
        expect(problem).toEqual({
          source: expect.any(String),
          message: expect.any(String),
          hint: expect.stringMatching(/\S/),
        })
      }
      const text = error.problems.map((p: {source: string; message: string}) => `${p.source}: ${p.message}`)
      const hints = error.problems.map((p: {hint: string}) => p.hint).join('\n')
      const described = `${error.message}\n${text.join('\n')}`
      expect(matches(described, testCase.culprit) || matches(text.join('\n  - '), testCase.culprit)).toBe(
        true,
      )
      expect(matches(`${hints}\n${described}`, testCase.fix)).toBe(true)
      expect(snapshotTree(dir)).toEqual(before)
    })
  }
})

describe('template delimiters from answers', () => {
  const FREE_TEXT = templateCases.map((testCase) => testCase.key)

  it('every free-text answer is schema-checked and refuses {{ and }}', () => {
    // Free text: strings without a fixed list of choices. A new one must be added to templateCases.
    const properties = answersSchema.properties as unknown as Record<string, {type?: string; enum?: unknown}>
    const receiverProperties = (
      answersSchema.properties as unknown as {alertReceivers: {items: {properties: unknown}}}
    ).alertReceivers.items.properties as Record<string, {type?: string; enum?: unknown}>
    const freeText = [
      ...Object.entries(properties)
        .filter(([name, spec]) => spec.type === 'string' && !spec.enum && name !== '$schema')
        .map(([name]) => name),
      ...Object.entries(receiverProperties)
        .filter(([, spec]) => spec.type === 'string' && !spec.enum)
        .map(([name]) => `alertReceivers.${name}`),
    ]
    expect(freeText.sort()).toEqual([...FREE_TEXT].sort())

    const base = completeAnswers({preset: 'standard'})
    const email = {
      type: 'email',
      secretName: 'alertmanager-receivers',
      secretKey: 'smtp',
      to: 'a@example.com',
      from: 'b@example.com',
      smarthost: 'smtp.example.com:587',
      username: 'alertmanager',
      channel: 'alerts',
    }
    for (const name of FREE_TEXT) {
      for (const hostile of ['{{', '}}', TEMPLATE, 'a{{b}}c', 'x}}']) {
        const [top, field] = name.split('.') as [string, string?]
        const answers = field
          ? {...base, alertReceivers: [{...email, [field]: hostile}]}
          : {...base, [top]: hostile}
        const problems = validateAnswersInput(answers, (path) => path.join('.'))
        expect(
          problems.some((problem) => problem.source === (field ? `alertReceivers.0.${field}` : top)),
          `${name} = ${hostile}`,
        ).toBe(true)
      }
    }
  })

  it('answers that reach a stack carry no template delimiters into NOTES.txt, README, templates or values', () => {
    const dir = mkdtempSync(join(root, 'inert-'))
    const answers = `${V1}preset: full\ndomain: example.com\nalertReceivers:\n  - {type: slack, secretName: alertmanager-receivers, secretKey: slack-url, channel: "#alerts"}\n`
    // $schema is free text too, but an editor hint that never reaches the stack.
    writeFileSync(join(dir, 'hostile.yaml'), `$schema: "${TEMPLATE}"\n${answers}`)
    writeFileSync(join(dir, 'plain.yaml'), answers)
    // Both stacks in a directory of the same name, which names the stack.
    for (const [file, target] of [
      ['hostile.yaml', 'hostile/stack'],
      ['plain.yaml', 'plain/stack'],
    ]) {
      mkdirSync(join(dir, target!, '..'))
      const result = runCli(dir, ['init', '--answers', file!, '--no-dependency-update', target!])
      expect(result.status, result.stderr).toBe(0)
    }
    const stack = readFiles(join(dir, 'hostile/stack'))
    expect(stack.size).toBeGreaterThan(10)
    // The accepted free text changed nothing: byte for byte the stack of the same answers without it.
    expect(stack).toEqual(readFiles(join(dir, 'plain/stack')))
    for (const [path, contents] of stack) {
      const text = contents.toString('utf8')
      expect(text, path).not.toContain('.Release.Name')
      // Helm evaluates NOTES.txt and templates/*: delimiters there appear only escaped, as {{ "{{" }}.
      if (path.includes('/templates/') || path.startsWith('templates/')) {
        const bare = text.replace(/\{\{ "\{\{" \}\}|\{\{ "\}\}" \}\}/g, '')
        expect(bare, path).not.toMatch(/\{\{|\}\}/)
      }
    }
  })

  it('a stack whose values carry {{ .Release.Name }} keeps it as data', () => {
    const dir = mkdtempSync(join(root, 'values-'))
    writeFileSync(
      join(dir, 'answers.yaml'),
      `${V1}values:\n  grafana:\n    podAnnotations:\n      note: "${TEMPLATE}"\n`,
    )
    const result = runCli(dir, [
      'init',
      '--yes',
      '--answers',
      'answers.yaml',
      '--no-dependency-update',
      'stack',
    ])
    expect(result.status, result.stderr).toBe(0)
    const values = readFileSync(join(dir, 'stack/60-platform/values.yaml'), 'utf8')
    expect(values).toContain(`note: "${TEMPLATE}"`)
    for (const file of ['60-platform/templates/NOTES.txt', 'README.md'])
      expect(readFileSync(join(dir, 'stack', file), 'utf8')).not.toContain(TEMPLATE)
  })
})

describeEachHelm('values carrying template code, under Helm', (helm) => {
  it('helm lint and helm template pass the text through as data', () => {
    const plan = planFor({preset: 'standard', values: {grafana: {podAnnotations: {note: TEMPLATE}}}})
    const layer = plan.layers.find((candidate) =>
      candidate.charts.some((chart) => chart.alias === 'grafana'),
    )!
    const dir = mkdtempSync(join(root, 'helm-'))
    writeFileSet(dir, renderStackFiles(plan, '0.0.0-test'))
    const chartDir = join(dir, layer.dir)
    for (const chart of layer.charts) writeStubChart(join(chartDir, 'charts', chart.alias), chart.alias)
    expect(runHelm(helm, ['lint', '--strict', '--kube-version', '1.37.0', chartDir])).toContain(
      '0 chart(s) failed',
    )
    const rendered = runHelm(helm, ['template', 'my-release', chartDir, '--kube-version', '1.37.0'])
    const received = parseAllDocuments(rendered)
      .map((doc) => doc.toJS() as {kind?: string; metadata?: {name?: string}; data?: Record<string, string>})
      .find((doc) => doc?.kind === 'ConfigMap' && doc.metadata?.name === 'received-grafana')
    // The stub echoes its values: the text arrives as written, not as the release name.
    expect(parse(received!.data!['values.yaml']!).podAnnotations.note).toBe(TEMPLATE)
    expect(rendered).not.toContain('note: my-release')
  })
})

describe('writing into the directory the command runs in', () => {
  it('init . replaces the empty current directory, runs helm there, and says how to see it', () => {
    const dir = mkdtempSync(join(root, 'here-'))
    // A helm that succeeds only where a chart is: it proves the dependency update reached the new directory.
    const helm = join(root, 'fake-helm.sh')
    writeFileSync(
      helm,
      '#!/bin/sh\nif [ "$1" = version ]; then echo v3.22.0; exit 0; fi\n[ -f "$3/Chart.yaml" ] || { echo "no chart at $3 in $(pwd)" >&2; exit 1; }\n',
      {mode: 0o755},
    )
    const json = runCli(dir, ['init', '--yes', '--preset', 'minimal', '--json', '.'], {env: {HELM_BIN: helm}})
    expect(json.status, json.stderr).toBe(0)
    const {dependencies} = JSON.parse(json.stdout)
    expect(dependencies.map((result: {status: string}) => result.status)).toEqual(['updated', 'updated'])
    expect(existsSync(join(dir, 'prodstack.yaml'))).toBe(true)

    const again = runCli(dir, ['init', '--yes', '--preset', 'minimal', '--force', '.'], {
      env: {HELM_BIN: helm},
    })
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toContain(`${dir} is a new directory now: run cd "${dir}" in your shell to see it.`)
    expect(existsSync(join(dir, 'prodstack.yaml'))).toBe(true)
  })
})

describe('input on stdin', () => {
  it('is never taken as the directory argument', () => {
    const dir = mkdtempSync(join(root, 'stdin-'))
    for (const command of [
      ['init', '--yes', '--dry-run', '--json'],
      ['validate', '--json'],
    ]) {
      const result = runCli(dir, command, {input: '../../piped-dir\n'})
      expect(result.stdout, command.join(' ')).not.toContain('piped-dir')
    }
    expect(
      JSON.parse(runCli(dir, ['init', '--yes', '--dry-run', '--json'], {input: 'piped\n'}).stdout).dir,
    ).toBe('my-stack')
    expect(snapshotTree(dir).size).toBe(0)
  })
})

describe('internal errors', () => {
  /** A copy of the package with a shipped chart missing: a broken installation, not a user error. */
  function brokenInstall(): string {
    const pkg = mkdtempSync(join(root, 'broken-install-'))
    for (const entry of ['bin', 'dist', 'package.json', 'schemas', 'templates'])
      cpSync(join(REPO_ROOT, entry), join(pkg, entry), {recursive: true})
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'))
    return join(pkg, 'bin/run.js')
  }

  it('exit 70, say how to get details, and print no stack trace unless asked', () => {
    const bin = brokenInstall()
    const dir = mkdtempSync(join(root, 'internal-'))
    const args = ['init', '--yes', '--cni', 'weave-net', 'out']

    const plain = runCli(dir, args, {bin})
    expect(plain.status).toBe(70)
    expect(plain.stderr).toContain('Error: prodstack failed unexpectedly:')
    expect(plain.stderr).toContain('Run again with --debug to see the details.')
    expect(plain.stderr).not.toMatch(STACK_TRACE)

    const debug = runCli(dir, [...args, '--debug'], {bin})
    expect(debug.status).toBe(70)
    expect(debug.stderr).toMatch(STACK_TRACE)

    const json = runCli(dir, [...args, '--json'], {bin})
    expect(json.status).toBe(70)
    expect(json.stderr).toBe('')
    const {status, error} = JSON.parse(json.stdout)
    expect(status).toBe('error')
    expect(error).toMatchObject({code: 'INTERNAL', exitCode: 70})
    expect(error.problems[0].hint).toContain('--debug')
    expect(snapshotTree(dir).size).toBe(0)
  })
})

describe('the README documents the error contract', () => {
  it('lists every stable error code', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const guarantees = readme.slice(readme.indexOf('## Guarantees'), readme.indexOf('## Development'))
    const source = readFileSync(join(REPO_ROOT, 'src/errors.ts'), 'utf8')
    const union = source.slice(
      source.indexOf('export type ErrorCode'),
      source.indexOf('export class UserError'),
    )
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!)
    expect(codes.length).toBeGreaterThan(5)
    for (const code of [...codes, 'USAGE', 'INTERNAL']) expect(guarantees, code).toContain(`\`${code}\``)
  })
})
