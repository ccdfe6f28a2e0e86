/** HTTP response as seen from inside a machine (or from the host). */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromAlert {
  readonly name: string;
  readonly state: 'inactive' | 'pending' | 'firing';
  readonly labels: Readonly<Record<string, string>>;
}

export interface ScrapeTarget {
  readonly job: string;
  readonly instance: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

/** Observability probes of one environment. */
export interface Probes {
  /** HTTP request made with curl from inside `from` (a machine role). `url` may use machine names. */
  http(from: string, url: string, request?: HttpRequest): Promise<HttpResponse>;
  /** PromQL instant query against the environment's Prometheus. */
  query(expr: string): Promise<PromSample[]>;
  /** Alerting rules and their state as Prometheus sees them. */
  alerts(): Promise<PromAlert[]>;
  /** Alerts currently held by Alertmanager (i.e. notified or about to be). */
  alertmanagerAlerts(): Promise<PromAlert[]>;
  targets(): Promise<ScrapeTarget[]>;
  /** Ask Prometheus to reload its config and rules. */
  reloadPrometheus(): Promise<void>;
}
