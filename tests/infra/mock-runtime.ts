import * as pulumi from '@pulumi/pulumi';
import { CANNED_CALLS, mockState, recordEdges, type RegistrationEdges } from '../../src/targets/pulumi/plan-mocks.js';

/** A registration seen by the mocks, with the secretness of its inputs lost (mocks see plain values). */
export interface Seen {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

/** Install recording mocks (preview mode) and return the list they fill. */
export async function installMocks(): Promise<Seen[]> {
  return (await installMocksWithEdges()).seen;
}

/** Like installMocks, and also the graph edges (parent, deletedWith, provider) of each registration. */
export async function installMocksWithEdges(): Promise<{ seen: Seen[]; edges: RegistrationEdges[] }> {
  const seen: Seen[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: mockState(args.type, args.name, args.inputs) };
      },
      call: (args) => (args.token === 'aws:ec2/getAmi:getAmi' ? { id: 'ami-0test', name: 'debian-12-amd64-test' } : (CANNED_CALLS[args.token] ?? {})),
    },
    'faultline',
    'test',
    true,
  );
  return { seen, edges: recordEdges() };
}

/** Resolve an Output (or plain value) to its value and secretness. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
  const output = pulumi.output(value);
  return new Promise((resolve) => {
    pulumi.all([output, pulumi.isSecret(output)]).apply(([v, s]) => resolve({ value: v as T, secret: s }));
  });
}

/** Wait until the mocks stop receiving registrations. */
export async function settle(seen: readonly unknown[]): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 10));
    stable = seen.length === last ? stable + 1 : 0;
    last = seen.length;
  }
}
