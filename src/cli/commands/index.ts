import type { CommandSpec } from '../command.js';
import { checkCommand } from './check.js';
import { downCommand } from './down.js';
import { gcCommand } from './gc.js';
import { hintCommand } from './hint.js';
import { lsCommand } from './ls.js';
import { planCommand } from './plan.js';
import { reapCommand } from './reap.js';
import { reportCommand } from './report.js';
import { replayCommand } from './replay.js';
import { resetCommand } from './reset.js';
import { schemaCommand } from './schema.js';
import { selftestCommand } from './selftest.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  upCommand,
  lsCommand,
  statusCommand,
  checkCommand,
  resetCommand,
  replayCommand,
  selftestCommand,
  downCommand,
  gcCommand,
  schemaCommand,
  hintCommand,
  reportCommand,
  reapCommand,
  planCommand,
];
