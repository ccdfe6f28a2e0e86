import type { FaultDefinition } from '../../src/core/fault.js';
import { badAlertRuleHost } from './host/index.js';
import { badAlertRuleK8s } from './kubernetes/index.js';

/** A real outage pages nobody: the alert rule that should fire is broken. */
export const badAlertRule: FaultDefinition = {
  id: 'bad-alert-rule',
  summary: 'An orders instance is down and OrdersInstanceDown never pages: the rule has a wrong metric or label, an inverted comparison or an absurd for:.',
  area: 'observability',
  level: 4,
  symptomSeconds: 45,
  implementations: { host: badAlertRuleHost, kubernetes: badAlertRuleK8s },
};
