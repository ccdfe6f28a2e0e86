import type { FaultDefinition } from '../../src/core/fault.js';
import { pageNotRoutedHost } from './host/index.js';

/** The alert fires, Alertmanager has it, nobody is notified. */
export const pageNotRouted: FaultDefinition = {
  id: 'page-not-routed',
  summary: 'An orders instance is down and OrdersInstanceDown fires, but Alertmanager routes severity page to a receiver that delivers nothing (a null route, or a new tree that pages only on other severities).',
  area: 'observability',
  level: 4,
  symptomSeconds: 30,
  implementations: { host: pageNotRoutedHost },
};
