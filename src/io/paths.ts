import {fileURLToPath} from 'node:url'

/**
 * The package root, found from this module's location (dist/io or src/io), never from the working
 * directory: the CLI runs from npm, from a checkout, and from $HELM_PLUGIN_DIR.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url))
