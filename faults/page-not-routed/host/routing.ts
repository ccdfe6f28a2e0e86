import { isMap, isSeq, parse, parseDocument } from 'yaml';
import { FaultlineError } from '../../../src/errors/index.js';
import { RECORDER_RECEIVER } from '../../../src/stack/render/alertmanager.js';
import type { PageNotRoutedParams } from './params.js';

export const NULL_RECEIVER = 'oncall-bot';

/** alertmanager.yml with pages routed nowhere; the rest of the file kept. */
export function breakRouting(text: string, params: Pick<PageNotRoutedParams, 'variant'>): string {
  const doc = parseDocument(text);
  const route = doc.get('route');
  const receivers = doc.get('receivers');
  if (!isMap(route) || !isSeq(receivers)) throw new FaultlineError('FAULT_FAILED', 'page-not-routed: alertmanager.yml has no route or receivers.');
  receivers.items.push(doc.createNode({ name: NULL_RECEIVER }));
  if (params.variant === 'null-route') {
    const child = doc.createNode({ matchers: ['severity="page"'], receiver: NULL_RECEIVER, continue: false });
    child.commentBefore = ' quiet hours: pages go through the on-call bot (OPS-1130)';
    const routes = route.get('routes');
    if (isSeq(routes)) routes.items.unshift(child);
    else route.set('routes', doc.createNode([child]));
  } else {
    route.set('receiver', NULL_RECEIVER);
    const child = doc.createNode({ matchers: ['severity=~"critical|error"'], receiver: RECORDER_RECEIVER });
    child.commentBefore = ' new routing tree (pager migration): only critical and error page, the rest is dropped';
    route.set('routes', doc.createNode([child]));
  }
  return doc.toString({ lineWidth: 0 });
}

type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

/** Parse `name="value"`, `name=~"re"`, … as Alertmanager matchers. */
export function parseMatcher(text: string): Matcher | undefined {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(text);
  return m ? { name: m[1] ?? '', op: m[2] as Matcher['op'], value: m[3] ?? '' } : undefined;
}

function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(value);
  }
}

interface RouteNode {
  receiver?: string;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean;
  routes?: RouteNode[];
}

function routeMatches(node: RouteNode, labels: Readonly<Record<string, string>>): boolean {
  const list = [
    ...(node.matchers ?? []).map(parseMatcher),
    ...Object.entries(node.match ?? {}).map(([name, value]): Matcher => ({ name, op: '=', value })),
    ...Object.entries(node.match_re ?? {}).map(([name, value]): Matcher => ({ name, op: '=~', value })),
  ];
  return list.every((m) => m !== undefined && matches(m, labels));
}

/** The receivers an alert with `labels` reaches in a routing tree (Alertmanager's semantics: first match, `continue`). */
export function routeReceivers(configYaml: string, labels: Readonly<Record<string, string>>): string[] {
  const config = parse(configYaml) as { route?: RouteNode };
  const walk = (node: RouteNode, inherited: string): string[] => {
    const receiver = node.receiver ?? inherited;
    const found: string[] = [];
    for (const child of node.routes ?? []) {
      if (!routeMatches(child, labels)) continue;
      found.push(...walk(child, receiver));
      if (child.continue !== true) break;
    }
    return found.length > 0 ? found : [receiver];
  };
  return config.route ? walk(config.route, '') : [];
}

/** Receivers in the config that have at least one integration (the null receiver has none). */
export function deliveringReceivers(configYaml: string): string[] {
  const config = parse(configYaml) as { receivers?: Record<string, unknown>[] };
  return (config.receivers ?? []).filter((r) => Object.keys(r).some((k) => k.endsWith('_configs') && Array.isArray(r[k]) && (r[k] as unknown[]).length > 0)).map((r) => String(r.name));
}
