// Types for check-node.js, which stays plain JavaScript so that old Node.js versions can run it.
export declare const MINIMUM_NODE: string
export declare function isUnsupportedNode(version: string): boolean
export declare function unsupportedNodeMessage(version: string): [string, string] | undefined
export declare function checkNode(options?: {
  version?: string
  argv?: string[]
  stdout?: {write(text: string): unknown}
  stderr?: {write(text: string): unknown}
}): boolean
