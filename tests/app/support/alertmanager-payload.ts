/** A webhook body as Alertmanager 0.25 (bookworm) sends it, version 4. */
export function buildWebhookPayload(status: 'firing' | 'resolved'): Record<string, unknown> {
  const endsAt = status === 'resolved' ? '2026-01-01T10:05:00Z' : '0001-01-01T00:00:00Z';
  return {
    receiver: 'faultline-recorder',
    status,
    alerts: [
      {
        status,
        labels: { alertname: 'OrdersHighErrorRate', severity: 'page', instance: 'app:8081' },
        annotations: { summary: 'orders 5xx above 5%' },
        startsAt: '2026-01-01T10:00:00Z',
        endsAt,
        generatorURL: 'http://mon:9090/graph?g0.expr=...',
        fingerprint: 'a1b2c3d4e5f60718',
      },
      {
        status,
        labels: { alertname: 'OrdersDataDirNotWritable', severity: 'page', instance: 'app:8082' },
        annotations: {},
        startsAt: '2026-01-01T10:01:00Z',
        endsAt,
        generatorURL: 'http://mon:9090/graph?g0.expr=...',
        fingerprint: '0f1e2d3c4b5a6978',
      },
    ],
    groupLabels: { alertname: 'OrdersHighErrorRate' },
    commonLabels: { severity: 'page' },
    commonAnnotations: {},
    externalURL: 'http://mon:9093',
    version: '4',
    groupKey: '{}:{alertname="OrdersHighErrorRate"}',
    truncatedAlerts: 0,
  };
}
