import type * as pulumi from '@pulumi/pulumi';

/** One resource the program registered under mocks. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

/** Canned results of the program's invokes (the AMI lookup). */
export const CANNED_CALLS: Record<string, Record<string, unknown>> = {
  'aws:ec2/getAmi:getAmi': { id: 'ami-0planned', name: 'debian-12-amd64-planned', architecture: 'x86_64' },
};

/** Mocks that record every registration and give instances a documentation-range address. */
export function createRecordingMocks(): { mocks: pulumi.runtime.Mocks; resources: RegisteredResource[] } {
  const resources: RegisteredResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs as Record<string, unknown> });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === 'aws:ec2/instance:Instance') state['publicIp'] = '192.0.2.10';
      if (args.type === 'aws:ec2/keyPair:KeyPair') state['keyName'] = args.name;
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      return CANNED_CALLS[args.token] ?? {};
    },
  };
  return { mocks, resources };
}
