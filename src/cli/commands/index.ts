import type { CommandSpec } from '../command.js';
import { accessCommand } from './access.js';
import { checkCommand } from './check.js';
import { downCommand } from './down.js';
import { faultsCommand } from './faults.js';
import { gcCommand } from './gc.js';
import { hintCommand } from './hint.js';
import { lsCommand } from './ls.js';
import { noteCommand } from './note.js';
import { panelCommand } from './panel.js';
import { planCommand } from './plan.js';
import { playCommand } from './play.js';
import { poolCommand } from './pool.js';
import { reapCommand } from './reap.js';
import { scenariosCommand } from './scenarios.js';
import { reportCommand } from './report.js';
import { replayCommand } from './replay.js';
import { resetCommand } from './reset.js';
import { schemaCommand } from './schema.js';
import { selftestCommand } from './selftest.js';
import { sessionsCommand } from './sessions.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';
import { voteCommand } from './vote.js';
import { watchCommand } from './watch.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  upCommand,
  lsCommand,
  statusCommand,
  checkCommand,
  resetCommand,
  replayCommand,
  poolCommand,
  selftestCommand,
  downCommand,
  gcCommand,
  schemaCommand,
  hintCommand,
  reportCommand,
  reapCommand,
  planCommand,
  accessCommand,
  sessionsCommand,
  playCommand,
  faultsCommand,
  scenariosCommand,
  noteCommand,
  panelCommand,
  voteCommand,
  watchCommand,
];
