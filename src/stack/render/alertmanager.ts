import { stringify } from 'yaml';
import { PATHS, PORTS } from '../topology.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/** The webhook receiver every alert is routed to. */
export const RECORDER_RECEIVER = 'faultline-recorder';
/** The alert recorder's webhook URL, on mon itself. */
export const RECORDER_URL = `http://127.0.0.1:${PORTS.alertRecorder}/alerts`;

/**
 * Flags for Debian's prometheus-alertmanager.service (`$ARGS`). An empty
 * `--cluster.listen-address=` runs a single node without gossip: otherwise
 * Alertmanager looks for a private address to advertise at start and the
 * unit fails when none is up yet.
 */
export const ALERTMANAGER_ARGS = [
  `--config.file=${PATHS.alertmanagerConfig}`,
  '--storage.path=/var/lib/prometheus/alertmanager/',
  `--web.listen-address=0.0.0.0:${PORTS.alertmanager}`,
  '--cluster.listen-address=',
] as const;

/** alertmanager.yml and /etc/default/prometheus-alertmanager, for mon. */
export function renderAlertmanagerFiles(input: StackInput): RenderedContent[] {
  return [
    { path: PATHS.alertmanagerConfig, content: renderAlertmanagerConfig(input) },
    {
      path: '/etc/default/prometheus-alertmanager',
      content: `# faultline: flags for prometheus-alertmanager.service.\nARGS="${ALERTMANAGER_ARGS.join(' ')}"\n`,
    },
  ];
}

/**
 * Everything goes to the recorder, which appends each notification to
 * PATHS.alertLog for the timeline. Short group timers so a firing alert is
 * recorded within seconds; resolved notifications are sent too, so `check`
 * can see an alert clear.
 */
export function renderAlertmanagerConfig(input: StackInput): string {
  const config = {
    route: {
      receiver: RECORDER_RECEIVER,
      group_by: ['alertname', 'instance'],
      group_wait: '5s',
      group_interval: '10s',
      repeat_interval: '1h',
    },
    receivers: [{ name: RECORDER_RECEIVER, webhook_configs: [{ url: RECORDER_URL, send_resolved: true }] }],
  };
  return `# faultline ${input.envName} (${input.envId}): Alertmanager on mon.\n${stringify(config, { lineWidth: 0 })}`;
}
