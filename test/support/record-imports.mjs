// Preloaded with `node --import` by the start-up tests: records every module the process loads
// (ESM and CommonJS) and writes the list to $PRODSTACK_IMPORTS_FILE when the process exits.
import {writeFileSync} from 'node:fs'
import {registerHooks} from 'node:module'

const loaded = new Set()
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context)
    loaded.add(result.url)
    return result
  },
})
process.on('exit', () => {
  writeFileSync(process.env.PRODSTACK_IMPORTS_FILE, JSON.stringify([...loaded]))
})
