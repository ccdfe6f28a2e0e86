/** The app's alert groups come from the shared stack (src/stack/render/alert-rules.ts). */
export type { AlertRule, RuleGroup as AlertRuleGroup } from '../../src/stack/render/alert-rules.js';
