import { z } from 'zod';
import { FaultlineError } from '../../errors/index.js';
import { slug } from '../../schema/scenario.js';
import { HOST_OCTET, ROLES, type Role } from '../topology.js';

const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = z.string().regex(new RegExp(`^${octet}(?:\\.${octet}){3}$`), 'an IPv4 address such as 10.213.7.11');
const pem = (what: string) => z.string().includes('-----BEGIN ', { message: `a PEM-encoded ${what}` });

/**
 * Everything the renderers need to know about one environment. `addresses`
 * may be left out: each role then gets `<subnetBase>.<HOST_OCTET[role]>`.
 */
export const stackInputSchema = z
  .strictObject({
    envId: z.string().regex(/^[a-z0-9]{4,16}$/, 'a short lower-case id such as 7f3k2a').describe('Environment id'),
    envName: z
      .string()
      .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'lower-case letters, digits and hyphens')
      .max(63)
      .describe('Environment name as machines see it (edge.<envName>.internal, config headers); never the scenario id, see visibleEnvName'),
    subnetBase: z
      .string()
      .regex(new RegExp(`^${octet}(?:\\.${octet}){2}$`), 'the first three octets of a /24, such as 10.213.7')
      .describe("The environment's /24 without its last octet"),
    addresses: z.partialRecord(z.enum(ROLES), ipv4).optional().describe('Per-role address overrides'),
    scenario: slug,
    candidate: slug,
    pki: z
      .strictObject({
        caCertPem: pem('CA certificate'),
        edgeCertPem: pem('edge certificate'),
        edgeKeyPem: pem('edge private key'),
      })
      .describe('From generateEnvironmentPki()'),
    loki: z
      .strictObject({ binaryPath: z.string().startsWith('/', 'an absolute path') })
      .optional()
      .describe('Set when a loki binary is available on the host: it is copied into mon'),
  })
  .refine((input) => !input.envName.includes(input.scenario), {
    path: ['envName'],
    message: 'must not contain the scenario id (machines show it to the candidate); use visibleEnvName(envId)',
  })
  .transform((input) => ({
    ...input,
    addresses: Object.fromEntries(
      ROLES.map((role) => [role, input.addresses?.[role] ?? `${input.subnetBase}.${HOST_OCTET[role]}`]),
    ) as Record<Role, string>,
  }));

/** Validated renderer input, with an address for every role. */
export type StackInput = z.output<typeof stackInputSchema>;
/** Renderer input as a caller may give it. */
export type StackInputRaw = z.input<typeof stackInputSchema>;

/** Validate raw input; throws INVALID_CONFIG listing every issue. */
export function parseStackInput(raw: unknown): StackInput {
  const result = stackInputSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new FaultlineError('INVALID_CONFIG', 'The stack renderer input is invalid.', {
    details: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    hint: 'This is a bug in the caller: the target builds this input from the environment state.',
    cause: result.error,
  });
}
