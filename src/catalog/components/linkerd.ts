import {ANY_COLLECTOR, injectedWebhookCa, mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

/** Linkerd's own default: every private IPv4 range and the IPv6 ULA range. */
const DEFAULT_CLUSTER_NETWORKS = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fd00::/8',
]

/** Trust domain of the identity certificates: the chart default, `clusterDomain`. */
const TRUST_DOMAIN = 'cluster.local'

function ipv4Range(cidr: string): {start: number; size: number} | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr)
  if (!match) return undefined
  const [a, b, c, d, bits] = match.slice(1).map(Number) as [number, number, number, number, number]
  const size = 2 ** (32 - bits)
  const address = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
  return {start: address - (address % size), size}
}

/** The networks Linkerd resolves, always including the pod CIDR (outside the defaults it is added). */
export function clusterNetworksFor(podCidr: string): string[] {
  const pods = ipv4Range(podCidr)
  const covered = DEFAULT_CLUSTER_NETWORKS.some((network) => {
    const range = ipv4Range(network)
    return range && pods && pods.start >= range.start && pods.start + pods.size <= range.start + range.size
  })
  return covered ? DEFAULT_CLUSTER_NETWORKS : [podCidr, ...DEFAULT_CLUSTER_NETWORKS]
}

/** Webhooks whose serving certificates cert-manager issues instead of Helm generating new ones on every render. */
const WEBHOOKS = [
  {values: 'proxyInjector', service: 'linkerd-proxy-injector'},
  {values: 'profileValidator', service: 'linkerd-sp-validator'},
  {values: 'policyValidator', service: 'linkerd-policy-validator'},
] as const

const ECDSA_KEY = {algorithm: 'ECDSA', size: 256}

export const linkerd: Component = {
  id: 'linkerd',
  title: 'Linkerd',
  category: 'mesh',
  uses: ['podCidr'],
  scrapedBy: ANY_COLLECTOR,
  description:
    'Lightweight service mesh: automatic mTLS, golden metrics and retries for meshed pods, with its identity ' +
    'certificates issued and rotated by cert-manager.',
  lifecycle: {
    status: 'edge-only',
    note:
      'Open-source Linkerd publishes only edge releases since 2.15 (February 2024); edge releases may break ' +
      'between versions, so the charts are pinned exactly and every upgrade needs its release notes read.',
    alternatives: ['istio'],
  },
  podSecurity: 'privileged',
  layeredOnly:
    "its trust anchor and issuer are cert-manager Certificates and Issuers, whose CRDs cert-manager's chart creates in the same release, and Helm checks every kind of a release before it creates anything",
  charts: [
    {
      alias: 'linkerd-crds',
      chart: 'linkerd-crds',
      version: '2026.8.3',
      repository: 'https://helm.linkerd.io/edge',
      layer: 'crds',
      upstreamDir: 'linkerd-crds',
    },
    {
      alias: 'linkerd-control-plane',
      chart: 'linkerd-control-plane',
      version: '2026.8.3',
      repository: 'https://helm.linkerd.io/edge',
      layer: 'mesh',
      upstreamDir: 'linkerd-control-plane',
    },
  ],
  namespace: () => 'linkerd',
  warnings(answers) {
    const warnings = [
      'The Linkerd 2026.8.3 charts require Kubernetes 1.31 or newer (kubeVersion >=1.31.0-0); helm refuses to install them on older clusters.',
      'Linkerd needs the Gateway API CRDs (v1.1.1 or later) before its control plane starts, and its CRD chart no ' +
        'longer installs them: kubectl apply --server-side -f ' +
        'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml',
      'Meshed pods run the linkerd-init container (NET_ADMIN, NET_RAW): annotate application namespaces with ' +
        'linkerd.io/inject=enabled and give them the privileged Pod Security level.',
    ]
    if (answers.certManager === false) {
      warnings.push(
        "cert-manager is not part of this stack (--no-cert-manager), but Linkerd's identity and webhook " +
          'certificates are cert-manager Certificates: cert-manager must already run in the cluster before the mesh layer is installed.',
      )
    }
    return warnings
  },
  mirror(registry) {
    return settingsFor({
      'linkerd-control-plane': mirrorImages(registry, {
        controllerImage: 'cr.l5d.io/linkerd/controller',
        // The proxy also runs as linkerd-init, which sets up the pod's iptables.
        'proxy.image.name': 'cr.l5d.io/linkerd/proxy',
        'debugContainer.image.name': 'cr.l5d.io/linkerd/debug',
      }),
    })
  },
  // Every webhook names its Certificate with injectCaFrom (see configure).
  rewrittenFields: () => injectedWebhookCa('linkerd-control-plane'),
  configure(ctx) {
    const namespace = ctx.namespaceOf('linkerd')
    const operator = ctx.monitoring === 'operator'
    const webhookSettings = WEBHOOKS.flatMap(({values, service}) => [
      set(
        `${values}.externalSecret`,
        true,
        `cert-manager writes the ${service} serving certificate, so Helm does not generate a new one on every render.`,
      ),
      set(
        `${values}.injectCaFrom`,
        `${namespace}/${service}`,
        `cert-manager's CA injector puts the CA of the ${service} Certificate into the webhook configuration.`,
      ),
    ])
    return settingsFor({
      'linkerd-crds': [],
      'linkerd-control-plane': [
        set(
          'identity.externalCA',
          true,
          'The trust anchor comes from cert-manager through the linkerd-identity-trust-roots ConfigMap, never from inline keys.',
        ),
        set(
          'identity.issuer.scheme',
          'kubernetes.io/tls',
          'The identity issuer is the linkerd-identity-issuer Secret that cert-manager keeps renewed.',
        ),
        set(
          'clusterNetworks',
          clusterNetworksFor(ctx.answers.podCidr).join(','),
          `Must contain the pod CIDR ${ctx.answers.podCidr}, or traffic to pods is not resolved through the mesh.`,
        ),
        set('disableHeartBeat', true, 'No daily heartbeat with usage data sent to the Linkerd project.'),
        ...webhookSettings,
        operator &&
          set(
            'podMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes the control plane and every meshed proxy through PodMonitors.',
          ),
      ],
    })
  },
  // The proxies trust the anchor through this ConfigMap, which cert-manager cannot write: trust-manager copies
  // the anchor's CA certificate into it, and keeps it in step when the anchor is renewed.
  trustBundles(ctx) {
    return [
      {
        name: 'linkerd-identity-trust-roots',
        namespace: ctx.namespaceOf('linkerd'),
        source: {secretName: 'linkerd-trust-anchor', secretKey: 'ca.crt'},
        key: 'ca-bundle.crt',
        layer: 'mesh',
      },
    ]
  },
  manifests(ctx) {
    const namespace = ctx.namespaceOf('linkerd')
    const meta = (name: string) => ({name, namespace})
    const certificate = (name: string, spec: Record<string, unknown>) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(name),
      spec,
    })
    const issuer = (name: string, spec: Record<string, unknown>) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta(name),
      spec,
    })
    const identityName = `identity.${namespace}.${TRUST_DOMAIN}`
    return [
      {
        layer: 'mesh',
        file: 'linkerd-certificates',
        objects: [
          issuer('linkerd-selfsigned', {selfSigned: {}}),
          // Long-lived and keeping its key on renewal: proxies trust it through the ConfigMap copied from it.
          certificate('linkerd-trust-anchor', {
            secretName: 'linkerd-trust-anchor',
            isCA: true,
            commonName: `root.linkerd.${TRUST_DOMAIN}`,
            duration: '87600h0m0s',
            privateKey: {...ECDSA_KEY, rotationPolicy: 'Never'},
            usages: ['cert sign', 'crl sign'],
            issuerRef: {name: 'linkerd-selfsigned', kind: 'Issuer', group: 'cert-manager.io'},
          }),
          issuer('linkerd-trust-anchor', {ca: {secretName: 'linkerd-trust-anchor'}}),
          certificate('linkerd-identity-issuer', {
            secretName: 'linkerd-identity-issuer',
            isCA: true,
            commonName: identityName,
            dnsNames: [identityName],
            duration: '48h0m0s',
            renewBefore: '25h0m0s',
            privateKey: {...ECDSA_KEY, rotationPolicy: 'Always'},
            usages: ['cert sign', 'crl sign', 'server auth', 'client auth'],
            issuerRef: {name: 'linkerd-trust-anchor', kind: 'Issuer', group: 'cert-manager.io'},
          }),
          certificate('linkerd-webhook-ca', {
            secretName: 'linkerd-webhook-ca',
            isCA: true,
            commonName: `webhook.linkerd.${TRUST_DOMAIN}`,
            duration: '87600h0m0s',
            privateKey: ECDSA_KEY,
            usages: ['cert sign', 'crl sign'],
            issuerRef: {name: 'linkerd-selfsigned', kind: 'Issuer', group: 'cert-manager.io'},
          }),
          issuer('linkerd-webhook-issuer', {ca: {secretName: 'linkerd-webhook-ca'}}),
          ...WEBHOOKS.map(({service}) =>
            certificate(service, {
              secretName: `${service}-k8s-tls`,
              commonName: `${service}.${namespace}.svc`,
              dnsNames: [`${service}.${namespace}.svc`],
              duration: '720h0m0s',
              renewBefore: '240h0m0s',
              privateKey: {...ECDSA_KEY, rotationPolicy: 'Always'},
              usages: ['server auth'],
              issuerRef: {name: 'linkerd-webhook-issuer', kind: 'Issuer', group: 'cert-manager.io'},
            }),
          ),
        ],
      },
    ]
  },
}
