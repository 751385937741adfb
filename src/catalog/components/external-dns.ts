import {SECRET_NAME_PATTERN} from '../../answers/base.js'
import {mirrorImages, secretEnvVar, secretFileMount, set, settingsFor} from '../settings.js'
import type {Component, Setting} from '../types.js'

/**
 * How each provider reads its credentials: from environment variables or from a file, each a key
 * of the one Secret the user names. Names from the external-dns provider tutorials at v0.21.0.
 */
const PROVIDERS = {
  aws: {env: {AWS_ACCESS_KEY_ID: 'access-key-id', AWS_SECRET_ACCESS_KEY: 'secret-access-key'}},
  google: {
    file: {key: 'credentials.json', dir: '/etc/external-dns/google', env: 'GOOGLE_APPLICATION_CREDENTIALS'},
  },
  // external-dns reads --azure-config-file, /etc/kubernetes/azure.json by default.
  azure: {file: {key: 'azure.json', dir: '/etc/kubernetes', env: undefined}},
  cloudflare: {env: {CF_API_TOKEN: 'api-token'}},
  // Every external-dns flag can be given as EXTERNAL_DNS_<FLAG>, so the TSIG key name and secret stay in the Secret.
  rfc2136: {
    env: {EXTERNAL_DNS_RFC2136_TSIG_KEYNAME: 'tsig-keyname', EXTERNAL_DNS_RFC2136_TSIG_SECRET: 'tsig-secret'},
  },
} as const

type Provider = keyof typeof PROVIDERS

/** The credentials Secret when the answers name none. */
const DEFAULT_SECRET = 'external-dns-credentials'

function secretOf(answers: Record<string, unknown>): string {
  return typeof answers.dnsCredentialsSecret === 'string' ? answers.dnsCredentialsSecret : DEFAULT_SECRET
}

function providerOf(answers: Record<string, unknown>): Provider | undefined {
  const provider = answers.dnsProvider
  return typeof provider === 'string' && provider in PROVIDERS ? (provider as Provider) : undefined
}

function secretKeys(provider: Provider): string[] {
  const spec = PROVIDERS[provider]
  return 'env' in spec ? Object.values(spec.env) : [spec.file.key]
}

export const externalDns: Component = {
  id: 'external-dns',
  title: 'ExternalDNS',
  category: 'essentials',
  description:
    'Creates and updates the DNS records of the exposed UIs (<app>.<domain>) in your DNS provider, from the ' +
    'Ingresses the stack creates; it only touches records it owns (TXT registry, owner = the stack name).',
  lifecycle: {
    status: 'maintained',
    note: 'Maintained by Kubernetes SIG Network; chart 1.21.1 ships external-dns 0.21.0.',
  },
  scrapedBy: ['operator'],
  charts: [
    {
      alias: 'external-dns',
      chart: 'external-dns',
      version: '1.21.1',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      layer: 'platform',
      upstreamDir: 'external-dns',
    },
  ],
  answers: [
    {
      key: 'dnsProvider',
      flag: 'dns-provider',
      question: 'DNS provider for the UI records (external-dns)',
      help: 'DNS provider whose zone holds the domain; none: create the records yourself.',
      order: 7.1,
      schema: {
        type: 'string',
        enum: [...Object.keys(PROVIDERS), 'none'],
        description:
          "DNS provider for the exposed UIs' records, managed by external-dns. `none`: no DNS records are managed.",
      },
      default: 'none',
      after: ['domain'],
      applies: (answers) => Boolean(answers.domain),
    },
    {
      key: 'dnsCredentialsSecret',
      flag: 'dns-credentials-secret',
      question: 'Secret with the DNS provider credentials (in the platform namespace)',
      help: "Existing Secret holding the DNS provider's credentials; never the credentials themselves.",
      order: 7.2,
      schema: {
        type: 'string',
        pattern: SECRET_NAME_PATTERN,
        maxLength: 253,
        description:
          "Existing Secret (in the platform namespace) with the DNS provider's credentials (default external-dns-credentials).",
      },
      after: ['dnsProvider'],
      applies: (answers) => providerOf(answers) !== undefined,
      patternMeaning: 'a Kubernetes Secret name (lower-case letters, digits, "-" and ".")',
      example: 'for example external-dns-credentials',
    },
  ],
  chosenBy: (answers) => providerOf(answers) !== undefined,
  requires: [
    {
      answer: 'domain',
      why: 'it manages the records of the UIs under the domain, and there is none',
      fix: 'pass --domain, or --dns-provider none',
    },
  ],
  warnings(answers) {
    const provider = providerOf(answers)
    const warnings = [
      'external-dns runs with policy upsert-only: it creates and updates records but never deletes one; ' +
        'remove stale records by hand, or set values.external-dns.policy to sync once you trust it.',
    ]
    if (provider === 'google') {
      warnings.push(
        'Google Cloud DNS: external-dns takes the project from the credentials file or the metadata server; pass ' +
          'values.external-dns.extraArgs.google-project when neither names it.',
      )
    }
    if (provider === 'rfc2136') {
      warnings.push(
        'RFC 2136: name your DNS server with values.external-dns.extraArgs (rfc2136-host, rfc2136-port); the zone is ' +
          `${answers.domain} and the TSIG key name and secret come from the Secret.`,
      )
    }
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      'external-dns': mirrorImages(registry, {
        'image.repository': 'registry.k8s.io/external-dns/external-dns',
      }),
    })
  },
  configure(ctx) {
    const {answers} = ctx
    const provider = providerOf(answers)
    if (!provider || !answers.domain) return settingsFor({'external-dns': []})
    const secretName = secretOf(answers)
    const spec = PROVIDERS[provider]
    const credentials: Setting[] = []
    if ('env' in spec) {
      credentials.push(
        set(
          'env',
          Object.entries(spec.env).map(([name, secretKey]) => secretEnvVar({name, secretName, secretKey})),
          `The ${provider} credentials, read from the Secret ${secretName}; nothing secret is written here.`,
        ),
      )
    } else {
      const mount = secretFileMount(
        {secretName, secretKey: spec.file.key},
        'provider-credentials',
        spec.file.dir,
      )
      credentials.push(
        set(
          'extraVolumes',
          [mount.volume],
          `The Secret ${secretName} with the ${provider} credentials file.`,
        ),
        set(
          'extraVolumeMounts',
          [mount.mount],
          `Mounted read-only where external-dns reads it (${mount.path}).`,
        ),
      )
      if (spec.file.env) {
        credentials.push(
          set(
            'env',
            [{name: spec.file.env, value: mount.path}],
            'Tells the Google client where the key file is.',
          ),
        )
      }
    }
    return settingsFor({
      'external-dns': [
        set(
          'fullnameOverride',
          'external-dns',
          'Fixed object names, so nothing depends on the Helm release name.',
        ),
        set('provider.name', provider, 'The DNS provider whose zone holds the domain.'),
        set(
          'sources',
          ['ingress'],
          'Records for the Ingresses the stack exposes its UIs with; Services are left alone.',
        ),
        set('domainFilters', [answers.domain], `Only records under ${answers.domain} are managed.`),
        set(
          'policy',
          'upsert-only',
          'Set explicitly (the next chart makes it required): create and update records, never delete one.',
        ),
        set('registry', 'txt', 'Ownership is recorded in TXT records next to each record it manages.'),
        set(
          'txtOwnerId',
          answers.name,
          'The stack name marks the records this stack owns, so two clusters sharing a zone do not fight.',
        ),
        provider === 'rfc2136' &&
          set(
            'extraArgs',
            {'rfc2136-zone': answers.domain},
            `The zone updated over RFC 2136: ${answers.domain}.`,
          ),
        ...credentials,
        ctx.monitoring === 'operator' &&
          set(
            'serviceMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes external-dns through a ServiceMonitor.',
          ),
      ],
    })
  },
  prerequisites(ctx) {
    const provider = providerOf(ctx.answers)
    if (!provider) return []
    return [
      {
        namespace: ctx.namespaceOf('external-dns'),
        name: secretOf(ctx.answers),
        keys: secretKeys(provider),
        why: `external-dns signs in to ${provider} with these credentials to manage the UI records.`,
      },
    ]
  },
}
