import type {CategorySpec} from './types.js'

/**
 * The catalog's categories, in display order. A category with a `choice` is one question: its
 * choices are the category's components (those without a `chosenBy` of their own), plus none.
 */
export const CATEGORIES: readonly CategorySpec[] = [
  {
    id: 'cni',
    title: 'Pod network (CNI)',
    choice: {
      key: 'cni',
      flag: 'cni',
      multiple: false,
      none: 'Keep the pod network the cluster already runs',
      order: 3,
      question: 'Pod network (CNI)',
      help: 'Pod network plugin.',
      description: 'Pod network (CNI). `none` keeps the CNI the cluster already runs.',
    },
  },
  {
    id: 'ingress',
    title: 'Ingress controller',
    choice: {
      key: 'ingress',
      flag: 'ingress',
      multiple: false,
      none: 'No ingress controller: no UI is exposed',
      order: 5,
      question: 'Ingress controller',
      help: 'Ingress controller.',
      description: 'Ingress controller; it becomes the default IngressClass.',
    },
  },
  {
    id: 'mesh',
    title: 'Service mesh',
    choice: {
      key: 'mesh',
      flag: 'mesh',
      multiple: false,
      none: 'No service mesh',
      order: 9,
      question: 'Service mesh',
      help: 'Service mesh.',
      description: 'Service mesh.',
    },
  },
  {
    id: 'metrics',
    title: 'Metrics and alerting',
    choice: {
      key: 'metrics',
      flag: 'metrics',
      multiple: false,
      none: 'No metrics or alerting',
      order: 10,
      question: 'Metrics and alerting',
      help: 'Metrics and alerting stack.',
      description: 'Metrics and alerting stack.',
    },
  },
  {
    id: 'logging',
    title: 'Log agent',
    choice: {
      key: 'logging',
      flag: 'logging',
      multiple: false,
      none: 'No log shipping',
      order: 13,
      question: 'Log agent',
      help: 'Log shipping agent.',
      description: 'Log shipping agent.',
    },
  },
  {
    id: 'log-store',
    title: 'Log store',
    choice: {
      key: 'logStore',
      flag: 'log-store',
      multiple: false,
      none: 'No log store',
      order: 14,
      question: 'Log store',
      help: 'Log store.',
      description: 'Where logs are stored.',
      onlyWith: {category: 'logging', note: 'No log agent, so no log store either.'},
    },
  },
  {
    id: 'dashboards',
    title: 'Dashboards',
    choice: {
      key: 'dashboards',
      flag: 'dashboards',
      multiple: true,
      none: 'No dashboards',
      order: 15,
      question: 'Dashboards',
      help: 'Dashboards (comma-separated).',
      description: 'Dashboards.',
    },
  },
  {id: 'essentials', title: 'Essentials'},
]
