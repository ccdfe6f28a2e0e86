import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { FaultlineError } from '../../../src/errors/index.js';
import { alertRuleGroups, type AlertRule } from '../../../src/stack/render/alert-rules.js';
import type { BadAlertRuleParams } from './params.js';

/** The alert this fault breaks. */
export const ALERT_NAME = 'OrdersInstanceDown';

/** The alert's expression and `for:` as written in a rule file. */
export interface RuleShape {
  readonly expr: string;
  readonly for: string | undefined;
}

/** The healthy OrdersInstanceDown rule, from the stack's rule groups. */
export function healthyRule(): AlertRule {
  const rule = alertRuleGroups()
    .flatMap((group) => group.rules)
    .find((r) => r.alert === ALERT_NAME);
  if (!rule) throw new FaultlineError('FAULT_FAILED', `alertRuleGroups() has no ${ALERT_NAME} rule.`);
  return rule;
}

/**
 * Break a healthy rule per the variant. Throws FAULT_FAILED when the
 * expression does not have the shape the variant rewrites (`up{job="orders"} == 0`).
 */
export function breakRule(rule: RuleShape, params: BadAlertRuleParams): RuleShape {
  const rewrite = (pattern: RegExp, replacement: string): RuleShape => {
    if (!pattern.test(rule.expr)) {
      throw new FaultlineError('FAULT_FAILED', `bad-alert-rule: cannot apply ${params.variant} to ${ALERT_NAME} expr ${JSON.stringify(rule.expr)}.`, {
        hint: `The healthy rule changed shape; update faults/bad-alert-rule/rule-file.ts.`,
      });
    }
    return { expr: rule.expr.replace(pattern, replacement), for: rule.for };
  };
  switch (params.variant) {
    case 'wrong-metric':
      return rewrite(/\bup(?=\s*\{)/, params.wrongMetric);
    case 'wrong-label':
      return rewrite(/\bjob\s*=\s*"orders"/, `job="${params.wrongJob}"`);
    case 'inverted':
      return rewrite(/==\s*0\b/, params.comparison);
    case 'absurd-for':
      return { expr: rule.expr, for: params.absurdFor };
  }
}

/** Where the alert sits in a parsed rule file. */
interface RuleLocation {
  readonly group: number;
  readonly rule: number;
}

/** Parse rule-file text, keeping comments and layout for a minimal diff. Throws INVALID_CONFIG on bad YAML. */
export function parseRuleDocument(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new FaultlineError('INVALID_CONFIG', 'The rule file is not valid YAML.', {
      details: doc.errors.map((e) => e.message.split('\n')[0] ?? ''),
    });
  }
  return doc;
}

/** Find `alert: OrdersInstanceDown` in a rule file; undefined when absent. */
export function findAlertRule(doc: Document, name: string = ALERT_NAME): RuleLocation | undefined {
  const groups = doc.get('groups');
  if (!isSeq(groups)) return undefined;
  for (const [g, group] of groups.items.entries()) {
    if (!isMap(group)) continue;
    const rules = group.get('rules');
    if (!isSeq(rules)) continue;
    for (const [r, rule] of rules.items.entries()) {
      if (isMap(rule) && rule.get('alert') === name) return { group: g, rule: r };
    }
  }
  return undefined;
}

/** The alert's expr and for as written in rule-file text; undefined when absent. */
export function readRuleShape(text: string, name: string = ALERT_NAME): RuleShape | undefined {
  const doc = parseRuleDocument(text);
  const at = findAlertRule(doc, name);
  if (!at) return undefined;
  const expr = doc.getIn(['groups', at.group, 'rules', at.rule, 'expr']);
  const forValue = doc.getIn(['groups', at.group, 'rules', at.rule, 'for']);
  return { expr: String(expr), for: forValue === undefined ? undefined : String(forValue) };
}

/** Rule-file text with the alert's rule broken per `params`; everything else untouched. */
export function breakRuleFile(text: string, params: BadAlertRuleParams): string {
  const doc = parseRuleDocument(text);
  const at = findAlertRule(doc);
  if (!at) throw new FaultlineError('FAULT_FAILED', `bad-alert-rule: the rule file has no ${ALERT_NAME} rule.`);
  const healthy = healthyRule();
  const broken = breakRule({ expr: healthy.expr, for: healthy.for }, params);
  const path = ['groups', at.group, 'rules', at.rule];
  doc.setIn([...path, 'expr'], broken.expr);
  doc.setIn([...path, 'for'], broken.for);
  return doc.toString({ lineWidth: 0 });
}

/**
 * Rule-file text with the alert's rule replaced by the healthy one (added to
 * the first group when missing) — a candidate's fix, keeping their other edits.
 */
export function repairRuleFile(text: string): string {
  const doc = parseRuleDocument(text);
  const healthy = doc.createNode({ ...healthyRule() });
  const at = findAlertRule(doc);
  if (at) {
    doc.setIn(['groups', at.group, 'rules', at.rule], healthy);
  } else if (isSeq(doc.getIn(['groups', 0, 'rules']))) {
    doc.addIn(['groups', 0, 'rules'], healthy);
  } else {
    throw new FaultlineError('FAULT_FAILED', 'bad-alert-rule: the rule file has no rule group to put the alert in.');
  }
  return doc.toString({ lineWidth: 0 });
}
