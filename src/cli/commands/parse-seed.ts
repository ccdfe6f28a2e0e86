import { FaultlineError } from '../../errors/index.js';

/** `--seed` as a whole number in [0, 2^31], or undefined when not given. */
export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || seed > 2 ** 31) {
    throw new FaultlineError('USAGE', `--seed ${JSON.stringify(value)} is not a whole number between 0 and 2^31.`, {
      hint: 'Pass the seed printed by an earlier `up`, e.g. --seed 12345.',
    });
  }
  return seed;
}
