import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/errors/index.js';
import { parseStackInput } from '../../../src/stack/render/stack-input.js';

const pki = {
  caCertPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
  edgeCertPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
  edgeKeyPem: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n',
};
const raw = { envId: 'k7f3a2', envName: 'demo', subnetBase: '10.213.7', scenario: 'disk-pressure', candidate: 'ada', pki };

describe('parseStackInput', () => {
  it('gives every role its address in the environment /24', () => {
    expect(parseStackInput(raw).addresses).toEqual({
      edge: '10.213.7.10',
      app: '10.213.7.11',
      store: '10.213.7.12',
      mon: '10.213.7.13',
    });
  });

  it('keeps an explicit address over the derived one', () => {
    expect(parseStackInput({ ...raw, addresses: { app: '10.9.9.9' } }).addresses.app).toBe('10.9.9.9');
  });

  it('lists every bad field in one INVALID_CONFIG error', () => {
    try {
      parseStackInput({ ...raw, subnetBase: '10.213.7.0/24', envName: 'Demo', pki: { ...pki, edgeKeyPem: 'secret' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FaultlineError);
      const e = error as FaultlineError;
      expect(e.code).toBe('INVALID_CONFIG');
      expect(e.details.join('\n')).toMatch(/subnetBase: .*10\.213\.7/);
      expect(e.details.join('\n')).toContain('envName');
      expect(e.details.join('\n')).toContain('pki.edgeKeyPem');
    }
  });

  it('refuses an environment name that carries the scenario id (machines show it to the candidate)', () => {
    expect(() => parseStackInput({ ...raw, envName: 'disk-pressure-ada-k7f3a2' })).toThrow(FaultlineError);
    try {
      parseStackInput({ ...raw, envName: 'disk-pressure-ada-k7f3a2' });
    } catch (error) {
      expect((error as FaultlineError).details.join('\n')).toMatch(/envName: must not contain the scenario id/);
    }
  });
});
