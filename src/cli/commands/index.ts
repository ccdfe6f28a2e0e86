import type { CommandSpec } from '../command.js';
import { downCommand } from './down.js';
import { gcCommand } from './gc.js';
import { lsCommand } from './ls.js';
import { schemaCommand } from './schema.js';
import { statusCommand } from './status.js';
import { upCommand } from './up.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [upCommand, lsCommand, statusCommand, downCommand, gcCommand, schemaCommand];
