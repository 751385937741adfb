/** The answers questions that are not about one component, and the formats of free-text answers. */

export const ANSWERS_API_VERSION = 'prodstack.dev/v1'
export const RECEIVER_TYPES = ['pagerduty', 'opsgenie', 'email', 'slack'] as const
export const LAYOUTS = ['layered', 'single'] as const

/**
 * Release names are `<stack>-<layer>` and, for CRD releases, `<stack>-crds-<component>`; the longest
 * suffix (`-crds-kube-prometheus-stack`) is 27 characters and Helm allows 53.
 */
export const STACK_NAME_MAX_LENGTH = 26
export const DNS_LABEL_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$'
export const DOMAIN_PATTERN = '^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$'
export const CIDR_PATTERN =
  '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([89]|1[0-9]|2[0-8])$'
export const EMAIL_PATTERN = '^[^@\\s{}]+@[^@\\s{}]+\\.[^@\\s{}]+$'
/** Secret names and keys are Kubernetes names; nothing else is accepted where a secret is meant. */
export const SECRET_NAME_PATTERN = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'
export const SECRET_KEY_PATTERN = '^[-._a-zA-Z0-9]+$'
/**
 * A registry host and optional path. The host must have a dot or a port, or be `localhost`:
 * container runtimes read any other first segment (`mirror/prodstack`) as a Docker Hub namespace.
 */
const REGISTRY_HOST =
  '(localhost|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+|[a-z0-9]([-a-z0-9]*[a-z0-9])?(?=:))(:[0-9]{1,5})?'
const REGISTRY_PATH = '(/[a-z0-9]+([._-][a-z0-9]+)*)*'
export const REGISTRY_PATTERN = `^${REGISTRY_HOST}${REGISTRY_PATH}$`
export const CHART_REGISTRY_PATTERN = `^oci://${REGISTRY_HOST}${REGISTRY_PATH}$`

export const GITOPS_ENGINES = ['none', 'argocd', 'flux'] as const
/**
 * A Git repository both engines can clone: Flux's GitRepository takes http, https and ssh URLs
 * only, so the scp form (git@host:org/repo) is refused with the ssh:// spelling as the fix. A user
 * may be named (ssh://git@host/...), a password may not: credentials live in the engine.
 */
export const GIT_REPO_PATTERN =
  '^(https?|ssh)://([a-z0-9][-a-z0-9_.]*@)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[-A-Za-z0-9._~%+/]*)?$'
/** A branch, tag, ref or commit: Git's own rules, simplified (no spaces, `..`, `~^:?*[\`, no leading `-`). */
export const GIT_REVISION_PATTERN = '^(?!.*\\.\\.)(?!-)[-A-Za-z0-9._/]+$'
/** A directory inside the repository: relative, no `..` (`.` is the repository's root). */
export const GIT_PATH_PATTERN = '^(\\.|(?!\\.\\.(/|$))[-A-Za-z0-9_.]+(/(?!\\.\\.(/|$))[-A-Za-z0-9_.]+)*)$'

export interface QuestionMeta {
  /** The question as shown in the questionnaire. */
  question: string
  /** Long flag name (kebab case); the file key is the property name. */
  flag: string
  /** Shown in --help and next to the prompt. */
  help: string
  /** Order in the questionnaire. */
  order: number
  /**
   * Asked only when a chosen component `uses` this answer; given while none does, the plan names
   * what it needs (`subject` and `needs` make the sentence).
   */
  usedBy?: {subject: string; needs: string}
  /** Human name of the value's pattern and an example, for errors. */
  patternMeaning?: string
  example?: string
}

const receiverSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'secretName', 'secretKey'],
  properties: {
    type: {type: 'string', enum: RECEIVER_TYPES, description: 'Where Alertmanager sends alerts.'},
    secretName: {
      type: 'string',
      pattern: SECRET_NAME_PATTERN,
      maxLength: 253,
      description: 'Existing Secret (in the metrics namespace) that holds the credential.',
    },
    secretKey: {
      type: 'string',
      pattern: SECRET_KEY_PATTERN,
      maxLength: 253,
      description:
        'Key in that Secret: the PagerDuty routing key, Opsgenie API key, SMTP password or Slack webhook URL.',
    },
    to: {type: 'string', pattern: EMAIL_PATTERN, maxLength: 254, description: 'email: recipient address.'},
    from: {type: 'string', pattern: EMAIL_PATTERN, maxLength: 254, description: 'email: sender address.'},
    smarthost: {
      type: 'string',
      pattern: '^[a-z0-9.-]+:[0-9]{1,5}$',
      maxLength: 260,
      description: 'email: SMTP server as host:port.',
    },
    username: {type: 'string', pattern: '^[^{}\\s]+$', maxLength: 254, description: 'email: SMTP user name.'},
    channel: {type: 'string', pattern: '^[#@]?[-_a-z0-9]+$', maxLength: 80, description: 'slack: channel.'},
  },
  allOf: [
    {
      if: {properties: {type: {const: 'email'}}},
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited.
      then: {required: ['to', 'from', 'smarthost']},
    },
  ],
} as const

/** The questions that are not about one component, with their place in the questionnaire. */
export const baseProperties = {
  name: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    minLength: 1,
    maxLength: STACK_NAME_MAX_LENGTH,
    description: 'Stack name: a DNS label; Helm releases are named <name>-<layer>.',
    'x-prodstack': {
      question: 'Stack name',
      flag: 'name',
      help: 'Stack name (DNS label, at most 26 characters).',
      order: 1,
    },
  },
  cluster: {
    type: 'string',
    // The catalog's cluster flavours (filled in by buildAnswersSchema).
    enum: [] as string[],
    description: 'Kind of cluster. Managed clusters (eks, gke, aks) and k3s/rke2 bring their own CNI.',
    'x-prodstack': {
      question: 'Cluster flavour',
      flag: 'cluster',
      help: 'Kind of cluster the stack is for.',
      order: 2,
    },
  },
  podCidr: {
    type: 'string',
    pattern: CIDR_PATTERN,
    description: "IPv4 pod CIDR; must match the cluster's --cluster-cidr.",
    'x-prodstack': {question: 'Pod CIDR', flag: 'pod-cidr', help: 'IPv4 pod network CIDR.', order: 4},
  },
  domain: {
    type: 'string',
    pattern: DOMAIN_PATTERN,
    maxLength: 200,
    description: 'Base domain; UIs are exposed as <app>.<domain> with TLS. Empty: nothing is exposed.',
    'x-prodstack': {
      question: 'Base domain for UIs (empty: none)',
      flag: 'domain',
      help: 'Base domain for UIs.',
      order: 6,
      usedBy: {subject: 'UIs under {value}', needs: 'an ingress controller'},
    },
  },
  tlsIssuer: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    maxLength: 63,
    description: 'Name of the cert-manager ClusterIssuer that signs UI certificates.',
    'x-prodstack': {
      question: 'cert-manager ClusterIssuer for TLS',
      flag: 'tls-issuer',
      help: 'ClusterIssuer name.',
      order: 7,
    },
  },
  alertReceivers: {
    type: 'array',
    maxItems: 20,
    items: receiverSchema,
    description: 'Alertmanager receivers; credentials are read from existing Secrets, never written here.',
    'x-prodstack': {
      question: 'Alert receivers',
      flag: 'alert-receiver',
      help: 'Alert receiver as TYPE=SECRET/KEY, e.g. slack=alertmanager/slack-url (repeatable).',
      order: 12,
      usedBy: {subject: 'alert receivers', needs: 'an Alertmanager'},
    },
  },
  namespace: {
    type: 'string',
    pattern: DNS_LABEL_PATTERN,
    maxLength: 63,
    description:
      'Namespace of the platform layer (ingress, observability, dashboards). Under `helm prodstack`, ' +
      "Helm's -n/--namespace sets its default.",
    'x-prodstack': {
      question: 'Namespace for the platform services',
      flag: 'platform-namespace',
      help: 'Namespace of the platform layer.',
      order: 16,
    },
  },
  layout: {
    type: 'string',
    enum: LAYOUTS,
    description: 'layered: one chart per install layer, installed in order (recommended). single: one chart.',
    'x-prodstack': {
      question: 'Chart layout',
      flag: 'layout',
      help: 'One chart per install layer, or one chart.',
      order: 17,
    },
  },
  allowRetired: {
    type: 'boolean',
    description:
      'Install components whose project is retired (no releases or security fixes any more). Never asked; ' +
      'without it such a choice is refused.',
    'x-prodstack': {
      question: 'Install retired components',
      flag: 'allow-retired',
      help: 'Install a retired component anyway (it gets no security fixes).',
      order: 18,
    },
  },
  registry: {
    type: 'string',
    pattern: REGISTRY_PATTERN,
    maxLength: 200,
    description:
      'Registry (and path) that mirrors every image the stack runs, operator-started ones included: ' +
      'HOST[:PORT][/PREFIX]. An image is pulled as <registry>/<its upstream path>, its upstream host ' +
      'dropped (quay.io/cilium/cilium becomes <registry>/cilium/cilium). Never asked. Empty: upstream registries.',
    'x-prodstack': {
      question: 'Image mirror',
      flag: 'registry',
      help: 'Pull every image from this mirror, HOST[:PORT][/PREFIX] (prodstack images --format mirror lists what to copy).',
      order: 19,
      patternMeaning: 'a registry host with a dot or a port (or localhost), then an optional lower-case path',
      example: 'for example registry.example.com/prodstack or localhost:5000',
    },
  },
  chartRegistry: {
    type: 'string',
    pattern: CHART_REGISTRY_PATTERN,
    maxLength: 206,
    description:
      'OCI registry (and path) that mirrors every chart: each Chart.yaml dependency is pulled from ' +
      'oci://HOST[:PORT][/PATH]/<chart>. Never asked. Empty: the upstream chart repositories.',
    'x-prodstack': {
      question: 'Chart mirror',
      flag: 'chart-registry',
      help: 'Pull every chart from this OCI mirror, oci://HOST[:PORT][/PATH].',
      order: 20,
      patternMeaning:
        'oci:// then a registry host with a dot or a port (or localhost), then an optional lower-case path',
      example: 'for example oci://registry.example.com/charts',
    },
  },
  gitops: {
    type: 'string',
    enum: GITOPS_ENGINES,
    default: 'none',
    description:
      'Also write the stack for a GitOps engine, under gitops/<engine>/: Argo CD (an app-of-apps and an ' +
      'ApplicationSet for fleets) or Flux (a HelmRelease per layer). Never asked. Default none.',
    'x-prodstack': {
      question: 'GitOps engine',
      flag: 'gitops',
      help: 'Also write Argo CD Applications or Flux HelmReleases for the stack (needs --git-repo).',
      order: 21,
    },
  },
  gitRepo: {
    type: 'string',
    pattern: GIT_REPO_PATTERN,
    maxLength: 500,
    description:
      'URL of the Git repository the stack is committed to, which the GitOps engine syncs from: ' +
      'https://, http:// or ssh:// (credentials are configured in the engine, never here).',
    'x-prodstack': {
      question: 'Git repository of the stack',
      flag: 'git-repo',
      help: 'Git repository the GitOps engine syncs the stack from (https:// or ssh:// URL).',
      order: 22,
      patternMeaning: 'an https://, http:// or ssh:// URL without a password',
      example:
        'for example https://github.com/example/platform.git or ssh://git@github.com/example/platform.git',
    },
  },
  gitRevision: {
    type: 'string',
    pattern: GIT_REVISION_PATTERN,
    maxLength: 200,
    default: 'main',
    description:
      'Branch, tag or commit the GitOps engine follows (default main). Flux reads a bare name as a branch: ' +
      'give a tag as refs/tags/NAME.',
    'x-prodstack': {
      question: 'Git revision',
      flag: 'git-revision',
      help: 'Branch, tag or commit the GitOps engine follows (default main).',
      order: 23,
      patternMeaning: 'a Git branch, tag or commit',
      example: 'for example main or v1.4.0',
    },
  },
  gitPath: {
    type: 'string',
    pattern: GIT_PATH_PATTERN,
    maxLength: 300,
    description:
      'Directory of the stack inside the Git repository (default: the name of the directory init writes to).',
    'x-prodstack': {
      question: 'Path of the stack in the repository',
      flag: 'git-path',
      help: "The stack's directory inside the Git repository (default: the target directory's name).",
      order: 24,
      patternMeaning: 'a relative directory path without ".." (. for the repository root)',
      example: 'for example clusters/prod or platform',
    },
  },
} as const

/** How many alert receivers the answers may list. */
export const MAX_ALERT_RECEIVERS = baseProperties.alertReceivers.maxItems

/**
 * A stack name made from a directory name (`Prod_EU` → `prod-eu`): lower case, runs of other
 * characters as one `-`, at most 26 characters; undefined when nothing valid is left.
 */
export function stackNameFromDirectory(directory: string): string | undefined {
  const name = directory
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, STACK_NAME_MAX_LENGTH)
    .replace(/-+$/, '')
  return new RegExp(DNS_LABEL_PATTERN).test(name) ? name : undefined
}
