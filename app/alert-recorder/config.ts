import { z } from 'zod';

/** The alert recorder's environment. */
export const recorderEnvSchema = z.object({
  ALERT_RECORDER_PORT: z.coerce.number().int().min(0).max(65535).default(9095),
  ALERT_RECORDER_HOST: z.string().min(1).default('0.0.0.0'),
  ALERT_RECORDER_LOG: z.string().startsWith('/', 'expected an absolute path').default('/var/lib/faultline/alerts.jsonl'),
});

export type RecorderConfig = z.output<typeof recorderEnvSchema>;
