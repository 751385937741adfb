import {ANY_COLLECTOR, mirrorImages, set, settingsFor} from '../settings.js'
import type {Component} from '../types.js'

export const weaveNet: Component = {
  id: 'weave-net',
  title: 'Weave Net',
  category: 'cni',
  uses: ['podCidr'],
  scrapedBy: ANY_COLLECTOR,
  description:
    'Overlay pod network with its own NetworkPolicy controller (weave-npc), from the community fork rajch/weave.',
  lifecycle: {
    status: 'unmaintained',
    note:
      'Weaveworks shut down in 2024, and the community fork rajch/weave has had no commit since its 2.9.0 ' +
      'release (commit 83972220, 2024-12-22); no security fixes are coming, so plan a move to a maintained CNI.',
    alternatives: ['cilium', 'calico'],
  },
  charts: [
    {
      alias: 'weave-net',
      chart: 'weave-net',
      version: '2.9.0',
      // No upstream chart exists; prodstack ships one written from the fork's 2.9.0 manifest.
      repository: 'file://charts/weave-net',
      layer: 'network',
    },
  ],
  podSecurity: 'privileged',
  mirror(registry) {
    return settingsFor({
      'weave-net': mirrorImages(registry, {
        'image.repository': 'rajchaudhuri/weave-kube',
        'npcImage.repository': 'rajchaudhuri/weave-npc',
      }),
    })
  },
  configure(ctx) {
    const monitoring = ctx.monitoring
    return settingsFor({
      'weave-net': [
        set(
          'ipallocRange',
          ctx.answers.podCidr,
          'The stack-wide pod CIDR (IPALLOC_RANGE), so every component agrees on one range.',
        ),
        set(
          'networkPolicy.enabled',
          true,
          'Run weave-npc so NetworkPolicy objects are enforced, not just accepted.',
        ),
        monitoring === 'operator' &&
          set(
            'metrics.podMonitor.enabled',
            true,
            'kube-prometheus-stack scrapes the Weave router and weave-npc through a PodMonitor.',
          ),
        monitoring === 'annotations' &&
          set(
            'metrics.scrapeAnnotations',
            true,
            'Standalone Prometheus discovers the Weave router through prometheus.io pod annotations.',
          ),
      ],
    })
  },
}
