/** What a route handler answers; the server adds identity fields, headers and metrics. */
export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: Readonly<Record<string, unknown>> }
  | { readonly kind: 'text'; readonly status: number; readonly text: string; readonly contentType: string };

/** A JSON reply. */
export function jsonReply(status: number, body: Readonly<Record<string, unknown>>): Reply {
  return { kind: 'json', status, body };
}

/** A JSON error reply: `{error, ...details}`. */
export function errorReply(status: number, error: string, details: Readonly<Record<string, unknown>> = {}): Reply {
  return jsonReply(status, { error, ...details });
}
