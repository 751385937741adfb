import Adopt from './commands/adopt.js'
import CatalogCommand from './commands/catalog.js'
import Diff from './commands/diff.js'
import HelpCommand from './commands/help.js'
import Images from './commands/images.js'
import Init from './commands/init.js'
import Install from './commands/install.js'
import PlanCommand from './commands/plan.js'
import Status from './commands/status.js'
import Uninstall from './commands/uninstall.js'
import Validate from './commands/validate.js'

/** Explicit command map: oclif loads this one module instead of scanning a directory. */
export const COMMANDS = {
  adopt: Adopt,
  catalog: CatalogCommand,
  diff: Diff,
  help: HelpCommand,
  images: Images,
  init: Init,
  install: Install,
  plan: PlanCommand,
  status: Status,
  uninstall: Uninstall,
  validate: Validate,
}
