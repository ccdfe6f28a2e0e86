import type { RegisteredResource, RegistrationEdges } from './plan-mocks.js';

/** One line of `faultline plan`: what `up` would create. */
export interface PlanRow {
  readonly type: string;
  readonly name: string;
  /** Key properties, already formatted (secrets never shown). */
  readonly details: Readonly<Record<string, string>>;
  /** AWS tags the resource gets (JSON output only; the table stays one line per resource). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Inputs that hold secrets: shown as a marker only. */
const HIDDEN = new Set(['kubeconfig', 'value', 'privateKeyPem']);
/** Bulky inputs without secrets (the user data reads its secrets from SSM at boot). */
const BULKY: Readonly<Record<string, string>> = { userData: '[cloud-config, no secrets]' };

type Inputs = Record<string, unknown>;
const obj = (v: unknown): Inputs => (v !== null && typeof v === 'object' ? (v as Inputs) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function summarizeAws(r: RegisteredResource): Record<string, string> {
  const i = r.inputs;
  switch (r.type) {
    case 'aws:ec2/vpc:Vpc':
    case 'aws:ec2/subnet:Subnet':
      return { cidr: str(i['cidrBlock']) };
    case 'aws:ec2/securityGroup:SecurityGroup': {
      const rules = (i['ingress'] as Inputs[] | undefined) ?? [];
      const ingress = rules.map((x) => `${str(x['fromPort'])}/tcp from ${((x['cidrBlocks'] as string[]) ?? []).join(',')}`);
      return { ingress: ingress.join('; ') || 'none' };
    }
    case 'aws:ec2/instance:Instance': {
      const root = obj(i['rootBlockDevice']);
      const imds = obj(i['metadataOptions']);
      return {
        instanceType: str(i['instanceType']),
        imds: `httpTokens=${str(imds['httpTokens'])} hopLimit=${str(imds['httpPutResponseHopLimit'])}`,
        rootVolume: `${str(root['volumeType'])} ${str(root['volumeSize'])}GiB encrypted=${str(root['encrypted'])}`,
      };
    }
    case 'aws:ec2/eip:Eip':
      return { domain: str(i['domain']) };
    case 'aws:ssm/parameter:Parameter':
      return { parameter: str(i['name']), type: str(i['type']) };
    case 'pulumi:providers:aws':
      return { region: str(i['region']) };
    default:
      return {};
  }
}

function summarizeK8s(r: RegisteredResource): Record<string, string> {
  const i = r.inputs;
  if (r.type === 'kubernetes:helm.sh/v3:Release') {
    return { release: str(i['name']), chart: `${str(i['chart'])}@${str(i['version'])}`, namespace: str(i['namespace']) };
  }
  if (r.type === 'pulumi:providers:kubernetes') return i['deleteUnreachable'] === undefined ? {} : { deleteUnreachable: str(i['deleteUnreachable']) };
  const meta = obj(i['metadata']);
  const out: Record<string, string> = {};
  if (typeof i['kind'] === 'string') out['kind'] = i['kind'];
  if (meta['name'] !== undefined) out['name'] = `${meta['namespace'] === undefined ? '' : `${str(meta['namespace'])}/`}${str(meta['name'])}`;
  const spec = obj(i['spec']);
  if (spec['replicas'] !== undefined) out['replicas'] = str(spec['replicas']);
  const containers = (obj(obj(obj(spec['template'])['spec']))['containers'] as Inputs[] | undefined) ?? [];
  if (containers.length > 0) out['image'] = containers.map((c) => str(c['image'])).join(',');
  if (typeof spec['ingressClassName'] === 'string') out['ingressClass'] = spec['ingressClassName'];
  if (obj(meta['annotations'])['pulumi.com/skipAwait'] === 'true') out['skipAwait'] = 'true';
  return out;
}

/**
 * Turn recorded registrations into plan rows, in registration order. Pure.
 * With `edges`, a resource deleted together with another one says so
 * (`deletedWith=<name>`: destroy does not call its provider for it).
 */
export function toPlanRows(resources: readonly RegisteredResource[], edges: readonly RegistrationEdges[] = []): PlanRow[] {
  const nameOf = new Map(edges.map((e) => [e.urn, e.name]));
  const deletedWith = new Map(edges.filter((e) => e.deletedWith !== '').map((e) => [`${e.type}\u0000${e.name}`, nameOf.get(e.deletedWith) ?? e.deletedWith]));
  return resources.map((r) => {
    const details: Record<string, string> = r.type.startsWith('aws:') || r.type === 'pulumi:providers:aws' ? summarizeAws(r) : r.type.startsWith('kubernetes:') || r.type === 'pulumi:providers:kubernetes' ? summarizeK8s(r) : {};
    const withParent = deletedWith.get(`${r.type}\u0000${r.name}`);
    if (withParent !== undefined) details['deletedWith'] = withParent;
    for (const key of HIDDEN) if (r.inputs[key] !== undefined) details[key] = '[secret]';
    for (const [key, marker] of Object.entries(BULKY)) if (r.inputs[key] !== undefined) details[key] = marker;
    const tags = obj(r.inputs['tags']);
    const stringTags = Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { type: r.type, name: r.name, details, ...(Object.keys(stringTags).length > 0 ? { tags: stringTags } : {}) };
  });
}

/** Fixed-width table: TYPE, NAME, DETAILS (key=value, comma separated). */
export function renderPlanTable(rows: readonly PlanRow[]): string {
  const lines = rows.map((r) => [r.type, r.name, Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(', ')] as const);
  const head = ['TYPE', 'NAME', 'DETAILS'] as const;
  const w0 = Math.max(head[0].length, ...lines.map((l) => l[0].length));
  const w1 = Math.max(head[1].length, ...lines.map((l) => l[1].length));
  const fmt = (l: readonly [string, string, string]) => `${l[0].padEnd(w0)}  ${l[1].padEnd(w1)}  ${l[2]}`.trimEnd();
  return [fmt(head), ...lines.map(fmt), '', `${rows.length} resources`].join('\n');
}
