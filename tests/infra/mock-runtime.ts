import * as pulumi from '@pulumi/pulumi';

/** A registration seen by the mocks, with the secretness of its inputs lost (mocks see plain values). */
export interface Seen {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

/** Install recording mocks (preview mode) and return the list they fill. */
export async function installMocks(): Promise<Seen[]> {
  const seen: Seen[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state = { ...args.inputs, ...(args.type === 'aws:ec2/instance:Instance' ? { publicIp: '192.0.2.10' } : {}) };
        return { id: `${args.name}-id`, state };
      },
      call: (args) => (args.token === 'aws:ec2/getAmi:getAmi' ? { id: 'ami-0test', name: 'debian-12-amd64-test' } : {}),
    },
    'faultline',
    'test',
    true,
  );
  return seen;
}

/** Resolve an Output (or plain value) to its value and secretness. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
  const output = pulumi.output(value);
  return new Promise((resolve) => {
    pulumi.all([output, pulumi.isSecret(output)]).apply(([v, s]) => resolve({ value: v as T, secret: s }));
  });
}

/** Wait until the mocks stop receiving registrations. */
export async function settle(seen: readonly Seen[]): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 10));
    stable = seen.length === last ? stable + 1 : 0;
    last = seen.length;
  }
}
