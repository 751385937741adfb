/**
 * No credential in any generated file: every preset (with and without a domain, layered and single,
 * on every cluster flavour), the stacks that between them choose every component and receiver, and
 * every valid combination of the whole space of choices. Credentials appear only as references to
 * Secrets. The scanner is shown to catch planted secrets, alone and inside a real stack.
 */
import {describe, expect, it} from 'vitest'
import {completeAnswers} from '../../src/answers/complete.js'
import {type AnswersInput, CLUSTER_FLAVOURS, LAYOUTS, PRESETS} from '../../src/answers/schema.js'
import {renderStackFiles} from '../../src/app/stack.js'
import {CATALOG} from '../../src/catalog/index.js'
import {UserError} from '../../src/errors.js'
import {resolvePlan} from '../../src/plan/resolve.js'
import type {FileSet} from '../../src/render/file-set.js'
import {everyCombination} from '../support/combinations.js'
import {coverageAnswers} from '../support/plans.js'
import {type Finding, scanText} from '../support/secret-scan.js'

/** Scans stacks, each distinct file content once (most files repeat across stacks). */
class StackScanner {
  readonly findings: Finding[] = []
  stacks = 0
  files = 0
  private readonly seen = new Set<string>()

  scan(label: string, files: FileSet): void {
    this.stacks++
    for (const [path, contents] of files) {
      this.files++
      const key = `${path.includes('templates/') ? 'T' : 'F'}${contents}`
      if (this.seen.has(key)) continue
      this.seen.add(key)
      for (const finding of scanText(path, contents))
        this.findings.push({...finding, file: `${label}: ${path}`})
    }
  }

  get distinct(): number {
    return this.seen.size
  }
}

function render(input: AnswersInput): FileSet | undefined {
  try {
    return renderStackFiles(resolvePlan(completeAnswers(input), CATALOG), '0.0.0-test')
  } catch (error) {
    if (error instanceof UserError) return undefined
    throw error
  }
}

describe('the secret scanner', () => {
  const planted: Array<[what: string, file: string, text: string]> = [
    [
      'the kube-prometheus-stack default Grafana password',
      'values.yaml',
      'grafana:\n  adminPassword: prom-operator\n',
    ],
    ['admin/admin', 'values.yaml', 'admin:\n  user: admin\n  password: admin\n'],
    [
      'elastic as a password',
      'values.yaml',
      'env:\n  - name: ES_PASSWORD\n    value: x\nauth:\n  password: elastic\n',
    ],
    ['changeme', 'README.md', 'Log in with the password changeme.\n'],
    [
      'a PEM private key',
      'values.yaml',
      'tls:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEA\n    -----END RSA PRIVATE KEY-----\n',
    ],
    [
      'an API key in hex',
      'values.yaml',
      'opsgenie_configs:\n  - api_key: 0123456789abcdef0123456789abcdef\n',
    ],
    ['a PagerDuty routing key', 'values.yaml', 'pagerduty_configs:\n  - routing_key: R0ut1ngK3y\n'],
    [
      'a Slack webhook URL',
      'values.yaml',
      'slack_configs:\n  - api_url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n',
    ],
    [
      'a Slack bot token',
      'helmfile.yaml',
      'set:\n  - name: token\n    value: xoxb-123456789012-abcdefghijkl\n',
    ],
    ['a token in JSON', 'values.schema.json', '{"auth": {"token": "s3cr3t-t0k3n"}}\n'],
    [
      'a password in a config file',
      'values.yaml',
      'config: |\n  [OUTPUT]\n      HTTP_Passwd        hunter2\n',
    ],
    [
      'a password in a YAML config file',
      'values.yaml',
      'fluent-bit.yaml: |\n  pipeline:\n    outputs:\n      - name: es\n        http_passwd: "hunter2"\n',
    ],
    ['a password in a URL', 'values.yaml', 'url: https://elastic:hunter2@elasticsearch:9200\n'],
    ['an AWS access key', 'values.yaml', 'aws:\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n'],
    [
      'a base64 blob',
      'values.yaml',
      'extraConfig: dGhpcyBpcyBhIHZlcnkgc2VjcmV0IGtleSB0aGF0IHNob3VsZCBub3QgYmUgaGVyZQ==\n',
    ],
    [
      'a Secret manifest',
      'templates/secret.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  k: v\n',
    ],
  ]

  for (const [what, file, text] of planted) {
    it(`catches ${what}`, () => {
      expect(scanText(file, text).length).toBeGreaterThan(0)
    })
  }

  it('leaves references to Secrets alone', () => {
    const references = [
      'admin:\n  existingSecret: grafana-admin\n  userKey: admin-user\n  passwordKey: admin-password\n',
      'env:\n  - name: ELASTICSEARCH_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: elasticsearch-es-elastic-user\n        key: elastic\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} references, as charts expand them.
      'basicAuthPassword: ${ELASTICSEARCH_PASSWORD}\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: as above.
      'config: |\n  HTTP_Passwd        ${ELASTICSEARCH_PASSWORD}\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: as above.
      'fluent-bit.yaml: |\n  pipeline:\n    outputs:\n      - name: es\n        http_passwd: "${ELASTICSEARCH_PASSWORD}"\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the OpenTelemetry Collector's ${env:VAR}.
      'client_auth:\n  username: elastic\n  password: ${env:ELASTICSEARCH_PASSWORD}\n',
      'password: ""\ntoken: null\nautomountServiceAccountToken: true\n',
      'alertReceivers:\n  - type: slack\n    secretName: alertmanager-receivers\n    secretKey: slack-url\n',
      'image: quay.io/cilium/cilium@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      '# -- Admin user and password from the grafana-admin Secret: no default password.\n',
    ]
    for (const text of references) expect(scanText('values.yaml', text), text).toEqual([])
  })

  it('finds a secret planted in a real stack', () => {
    const files = render({preset: 'full', domain: 'example.com'})!
    const path = [...files.keys()].find((file) => file.endsWith('platform/values.yaml'))!
    const scanner = new StackScanner()
    scanner.scan('clean', files)
    expect(scanner.findings).toEqual([])
    const planted = new Map(files)
    planted.set(path, files.get(path)!.replace('grafana:\n', 'grafana:\n  adminPassword: prom-operator\n'))
    const findings = new StackScanner()
    findings.scan('planted', planted)
    expect(findings.findings.map((finding) => finding.file)).toContain(`planted: ${path}`)
  })
})

describe('generated stacks', () => {
  it('every preset, on every cluster, with and without a domain, in both layouts: no credentials', () => {
    const scanner = new StackScanner()
    for (const preset of PRESETS)
      for (const cluster of CLUSTER_FLAVOURS)
        for (const layout of LAYOUTS)
          for (const domain of [undefined, 'example.com']) {
            // The single layout cannot hold kube-prometheus-stack or ECK (check-selection refuses it).
            const single =
              layout === 'single'
                ? {metrics: 'prometheus', logStore: 'opensearch', dashboards: ['grafana']}
                : {}
            const input = {preset, cluster, layout, ...single, ...(domain ? {domain} : {})} as AnswersInput
            const files = render(input)
            expect(files, JSON.stringify(input)).toBeDefined()
            scanner.scan(JSON.stringify(input), files!)
          }
    for (const input of coverageAnswers()) scanner.scan(JSON.stringify(input), render(input)!)
    console.log(
      `secret scan, presets: ${scanner.stacks} stacks, ${scanner.files} files (${scanner.distinct} distinct)`,
    )
    expect(scanner.findings).toEqual([])
  })

  it('every valid combination of the whole space of choices: no credentials', () => {
    const scanner = new StackScanner()
    const started = performance.now()
    for (const input of everyCombination()) {
      const files = render(input)
      if (files) scanner.scan(JSON.stringify(input), files)
      if (scanner.findings.length > 20) break
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `secret scan, whole space: ${scanner.stacks} stacks, ${scanner.files} files (${scanner.distinct} distinct), ${seconds}s`,
    )
    expect(scanner.findings).toEqual([])
    expect(scanner.stacks).toBeGreaterThan(1000)
    // CPU-bound (10,000 stacks): on a busy two-core machine it takes longer than the default minute.
  }, 300_000)
})
