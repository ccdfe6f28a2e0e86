import * as pulumi from '@pulumi/pulumi';

/** One resource the program registered under mocks. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
}

/** What the SDK sent the engine for one registration, beyond its inputs: the graph edges. */
export interface RegistrationEdges {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent ('' at the stack root). */
  readonly parent: string;
  /** URN of the resource this one is deleted with ('' when none). */
  readonly deletedWith: string;
  /** Provider reference (URN::id; '' for the default provider). */
  readonly provider: string;
  readonly dependencies: readonly string[];
}

/** Canned results of the program's invokes (the AMI and availability-zone lookups). */
export const CANNED_CALLS: Record<string, Record<string, unknown>> = {
  'aws:ec2/getAmi:getAmi': { id: 'ami-0planned', name: 'debian-12-amd64-planned', architecture: 'x86_64' },
  'aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings': { id: 'planned', locations: ['planned-az-b', 'planned-az-a'], instanceTypes: [], locationTypes: [] },
};

/** Documentation-range address (RFC 5737) the plan gives the node's Elastic IP. */
export const PLANNED_IP = '192.0.2.10';

/**
 * The state a mocked resource gets: its inputs, plus the computed outputs the
 * program reads (addresses, generated keys and passwords as obvious stand-ins).
 */
export function mockState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const state: Record<string, unknown> = { ...inputs };
  switch (type) {
    case 'aws:ec2/eip:Eip':
      state['publicIp'] = PLANNED_IP;
      state['allocationId'] = `eipalloc-${name}`;
      break;
    case 'aws:ec2/keyPair:KeyPair':
      state['keyName'] = name;
      break;
    case 'aws:ssm/parameter:Parameter':
    case 'aws:iam/role:Role':
      state['arn'] = `arn:aws:planned:::${String(inputs['name'] ?? name)}`;
      state['name'] = inputs['name'] ?? name;
      break;
    case 'aws:iam/instanceProfile:InstanceProfile':
      state['name'] = name;
      break;
    case 'random:index/randomPassword:RandomPassword':
      state['result'] = `planned-password-${name}`;
      break;
    case 'tls:index/privateKey:PrivateKey':
      state['privateKeyPem'] = `-----BEGIN EC PRIVATE KEY-----\nplanned ${name}\n-----END EC PRIVATE KEY-----\n`;
      break;
    case 'tls:index/selfSignedCert:SelfSignedCert':
      state['certPem'] = `-----BEGIN CERTIFICATE-----\nplanned ${name}\n-----END CERTIFICATE-----\n`;
      break;
  }
  return state;
}

/** Mocks that record every registration; computed outputs come from mockState. */
export function createRecordingMocks(): { mocks: pulumi.runtime.Mocks; resources: RegisteredResource[] } {
  const resources: RegisteredResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      const inputs = args.inputs as Record<string, unknown>;
      resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs });
      return { id: `${args.name}-id`, state: mockState(args.type, args.name, inputs) };
    },
    call(args) {
      return CANNED_CALLS[args.token] ?? {};
    },
  };
  return { mocks, resources };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDeletedwith(): string;
  getProvider(): string;
  getDependenciesList(): string[];
}
interface Monitor {
  registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): void;
}

/**
 * After setMocks: record the graph edges of every registration (parent,
 * deletedWith, provider, dependencies) exactly as the SDK sends them to the
 * engine. Mocks' newResource sees only inputs; this wraps the mock monitor.
 */
export function recordEdges(): RegistrationEdges[] {
  const edges: RegistrationEdges[] = [];
  const monitor = (pulumi.runtime as unknown as { getMonitor(): Monitor | undefined }).getMonitor();
  if (monitor === undefined) throw new Error('recordEdges needs pulumi.runtime.setMocks first');
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (resp !== undefined) {
        edges.push({
          type: req.getType(),
          name: req.getName(),
          urn: resp.getUrn(),
          parent: req.getParent(),
          deletedWith: req.getDeletedwith(),
          provider: req.getProvider(),
          dependencies: req.getDependenciesList(),
        });
      }
      callback(err, resp);
    });
  return edges;
}
