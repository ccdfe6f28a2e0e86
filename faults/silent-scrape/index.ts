import type { FaultDefinition } from '../../src/core/fault.js';
import { silentScrapeHost } from './host/index.js';

/** One orders instance stops being scraped, silently: no target down, no alert, no metrics. */
export const silentScrape: FaultDefinition = {
  id: 'silent-scrape',
  summary: "One orders instance's scrape silently stops (a relabel rule drops its target, or it points at another exporter's port): its metrics vanish and no alert can fire for it.",
  area: 'observability',
  level: 3,
  symptomSeconds: 10,
  implementations: { host: silentScrapeHost },
};
