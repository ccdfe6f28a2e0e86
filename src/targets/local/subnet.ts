import { FaultlineError } from '../../errors/index.js';

/**
 * Pick the first free /24 in the pool. `taken` holds prefixes like
 * "10.213.7" that are in use by other environments or by the host.
 */
export function pickSubnet(pool: string, taken: ReadonlySet<string>): string {
  for (let third = 1; third < 255; third++) {
    const subnet = `${pool}.${third}`;
    if (!taken.has(subnet)) return subnet;
  }
  throw new FaultlineError('NO_ADDRESS_SPACE', `All /24 subnets in ${pool}.0.0/16 are in use.`, {
    hint: 'Run `faultline down --all` or `faultline gc`, or set local.addressPool in config.yaml.',
  });
}

export function machineAddress(subnet: string, octet: number): string {
  return `${subnet}.${octet}`;
}
