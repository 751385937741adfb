/**
 * The answers contract. This object is the single source for the answers file (it is written to
 * schemas/answers.schema.json by the build, for editors), the CLI flags (cli/answer-flags.ts) and
 * the questionnaire. Each property's `x-prodstack` block says how it is asked and flagged.
 */

export const ANSWERS_API_VERSION = 'prodstack.dev/v1'

export const CLUSTER_FLAVOURS = ['generic', 'kubeadm', 'k3s', 'rke2', 'eks', 'gke', 'aks'] as const
export const CNI_CHOICES = ['calico', 'cilium', 'flannel', 'weave-net', 'none'] as const
export const INGRESS_CHOICES = ['traefik', 'ingress-nginx', 'nginx-ingress', 'none'] as const
export const MESH_CHOICES = ['istio', 'linkerd', 'none'] as const
export const METRICS_CHOICES = ['kube-prometheus-stack', 'prometheus', 'none'] as const
export const LOG_AGENT_CHOICES = ['fluent-bit', 'fluentd', 'none'] as const
export const LOG_STORE_CHOICES = ['elasticsearch', 'opensearch', 'loki', 'none'] as const
export const DASHBOARD_CHOICES = ['grafana', 'kibana', 'opensearch-dashboards'] as const
export const RECEIVER_TYPES = ['pagerduty', 'opsgenie', 'email', 'slack'] as const
export const LAYOUTS = ['layered', 'single'] as const
export const PRESETS = ['minimal', 'standard', 'full'] as const

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

export interface QuestionMeta {
  /** The question as shown in the questionnaire. */
  question: string
  /** Long flag name (kebab case); the file key is the property name. */
  flag: string
  /** Shown in --help and next to the prompt. */
  help: string
  /** Order in the questionnaire. */
  order: number
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

export const answersSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://prodstack.dev/schemas/answers.schema.json',
  title: 'prodstack answers',
  description:
    'Answers for `prodstack init`: which components a production cluster gets and how they are wired. ' +
    'Every key is also a flag and a question.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion'],
  properties: {
    $schema: {type: 'string', description: 'Editor hint; ignored.'},
    apiVersion: {const: ANSWERS_API_VERSION, description: 'Version of this answers format.'},
    preset: {
      type: 'string',
      enum: PRESETS,
      description: 'Starting point whose defaults fill every answer not given.',
    },
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
      enum: CLUSTER_FLAVOURS,
      description: 'Kind of cluster. Managed clusters (eks, gke, aks) and k3s/rke2 bring their own CNI.',
      'x-prodstack': {
        question: 'Cluster flavour',
        flag: 'cluster',
        help: 'Kind of cluster the stack is for.',
        order: 2,
      },
    },
    cni: {
      type: 'string',
      enum: CNI_CHOICES,
      description: 'Pod network (CNI). `none` keeps the CNI the cluster already runs.',
      'x-prodstack': {question: 'Pod network (CNI)', flag: 'cni', help: 'Pod network plugin.', order: 3},
    },
    podCidr: {
      type: 'string',
      pattern: CIDR_PATTERN,
      description: "IPv4 pod CIDR; must match the cluster's --cluster-cidr.",
      'x-prodstack': {question: 'Pod CIDR', flag: 'pod-cidr', help: 'IPv4 pod network CIDR.', order: 4},
    },
    ingress: {
      type: 'string',
      enum: INGRESS_CHOICES,
      description: 'Ingress controller; it becomes the default IngressClass.',
      'x-prodstack': {question: 'Ingress controller', flag: 'ingress', help: 'Ingress controller.', order: 5},
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
    certManager: {
      type: 'boolean',
      description: 'Install cert-manager (false: the cluster already runs it; install it only once).',
      'x-prodstack': {
        question: 'Install cert-manager',
        flag: 'cert-manager',
        help: 'Install cert-manager.',
        order: 8,
      },
    },
    mesh: {
      type: 'string',
      enum: MESH_CHOICES,
      description: 'Service mesh.',
      'x-prodstack': {question: 'Service mesh', flag: 'mesh', help: 'Service mesh.', order: 9},
    },
    metrics: {
      type: 'string',
      enum: METRICS_CHOICES,
      description: 'Metrics and alerting stack.',
      'x-prodstack': {
        question: 'Metrics and alerting',
        flag: 'metrics',
        help: 'Metrics and alerting stack.',
        order: 10,
      },
    },
    metricsServer: {
      type: 'boolean',
      description: 'Install metrics-server (kubectl top, HPA). Managed clusters usually run one already.',
      'x-prodstack': {
        question: 'Install metrics-server',
        flag: 'metrics-server',
        help: 'Install metrics-server.',
        order: 11,
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
      },
    },
    logging: {
      type: 'string',
      enum: LOG_AGENT_CHOICES,
      description: 'Log shipping agent.',
      'x-prodstack': {question: 'Log agent', flag: 'logging', help: 'Log shipping agent.', order: 13},
    },
    logStore: {
      type: 'string',
      enum: LOG_STORE_CHOICES,
      description: 'Where logs are stored.',
      'x-prodstack': {question: 'Log store', flag: 'log-store', help: 'Log store.', order: 14},
    },
    dashboards: {
      type: 'array',
      uniqueItems: true,
      items: {type: 'string', enum: DASHBOARD_CHOICES},
      description: 'Dashboards.',
      'x-prodstack': {
        question: 'Dashboards',
        flag: 'dashboards',
        help: 'Dashboards (comma-separated).',
        order: 15,
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
      description:
        'layered: one chart per install layer, installed in order (recommended). single: one chart.',
      'x-prodstack': {
        question: 'Chart layout',
        flag: 'layout',
        help: 'One chart per install layer, or one chart.',
        order: 17,
      },
    },
    values: {
      type: 'object',
      description:
        'Extra values per dependency alias, merged over what prodstack sets (escape hatch). Secrets belong in Secrets.',
      propertyNames: {pattern: DNS_LABEL_PATTERN},
      additionalProperties: {type: 'object'},
    },
  },
} as const

export type ClusterFlavour = (typeof CLUSTER_FLAVOURS)[number]
export type CniChoice = (typeof CNI_CHOICES)[number]
export type IngressChoice = (typeof INGRESS_CHOICES)[number]
export type MeshChoice = (typeof MESH_CHOICES)[number]
export type MetricsChoice = (typeof METRICS_CHOICES)[number]
export type LogAgentChoice = (typeof LOG_AGENT_CHOICES)[number]
export type LogStoreChoice = (typeof LOG_STORE_CHOICES)[number]
export type DashboardChoice = (typeof DASHBOARD_CHOICES)[number]
export type ReceiverType = (typeof RECEIVER_TYPES)[number]
export type Layout = (typeof LAYOUTS)[number]
export type PresetName = (typeof PRESETS)[number]

export interface AlertReceiver {
  type: ReceiverType
  secretName: string
  secretKey: string
  to?: string
  from?: string
  smarthost?: string
  username?: string
  channel?: string
}

/** Answers as read from a file or flags: anything may be missing. */
export interface AnswersInput {
  $schema?: string
  apiVersion?: string
  preset?: PresetName
  name?: string
  cluster?: ClusterFlavour
  cni?: CniChoice
  podCidr?: string
  ingress?: IngressChoice
  domain?: string
  tlsIssuer?: string
  certManager?: boolean
  mesh?: MeshChoice
  metrics?: MetricsChoice
  metricsServer?: boolean
  alertReceivers?: AlertReceiver[]
  logging?: LogAgentChoice
  logStore?: LogStoreChoice
  dashboards?: DashboardChoice[]
  namespace?: string
  layout?: Layout
  values?: Record<string, Record<string, unknown>>
}

/** Complete answers: every question answered (domain stays optional: no domain, nothing exposed). */
export interface Answers {
  apiVersion: typeof ANSWERS_API_VERSION
  preset: PresetName
  name: string
  cluster: ClusterFlavour
  cni: CniChoice
  podCidr: string
  ingress: IngressChoice
  domain?: string
  tlsIssuer: string
  certManager: boolean
  mesh: MeshChoice
  metrics: MetricsChoice
  metricsServer: boolean
  alertReceivers: AlertReceiver[]
  logging: LogAgentChoice
  logStore: LogStoreChoice
  dashboards: DashboardChoice[]
  namespace: string
  layout: Layout
  values: Record<string, Record<string, unknown>>
}

/** The question keys, in questionnaire order. */
export type QuestionKey = Exclude<keyof AnswersInput, '$schema' | 'apiVersion' | 'preset' | 'values'>

export function questionKeys(): QuestionKey[] {
  const entries = Object.entries(answersSchema.properties) as [string, {'x-prodstack'?: QuestionMeta}][]
  return entries
    .filter(([, spec]) => spec['x-prodstack'])
    .sort(([, a], [, b]) => a['x-prodstack']!.order - b['x-prodstack']!.order)
    .map(([key]) => key as QuestionKey)
}

export function questionMeta(key: QuestionKey): QuestionMeta {
  return (answersSchema.properties[key] as {'x-prodstack': QuestionMeta})['x-prodstack']
}
