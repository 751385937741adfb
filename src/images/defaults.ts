/**
 * The Kubernetes version `images` renders charts for (`.Capabilities.KubeVersion` in templates):
 * one every pinned chart supports, so that version-dependent templates render as they will install.
 */
export const DEFAULT_KUBE_VERSION = '1.37.0'
