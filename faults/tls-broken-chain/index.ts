import type { FaultDefinition } from '../../src/core/fault.js';
import { tlsBrokenChainHost } from './host/index.js';

/** A new intermediate CA issued the edge's leaf; the edge does not serve the right intermediate. */
export const tlsBrokenChain: FaultDefinition = {
  id: 'tls-broken-chain',
  summary: 'After a PKI rotation the edge serves its leaf without its intermediate, or with the previous one: clients cannot build a chain to the root.',
  area: 'tls',
  level: 3,
  symptomSeconds: 2,
  implementations: { host: tlsBrokenChainHost },
};
