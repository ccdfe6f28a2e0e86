export { renderRoleFiles } from './role-files.js';
export { parseStackInput, stackInputSchema } from './stack-input.js';
export type { StackInput, StackInputRaw } from './stack-input.js';
export { isContent, isCopy, isDirectory, isSymlink } from './rendered-file.js';
export type { RenderedContent, RenderedCopy, RenderedDirectory, RenderedFile, RenderedOwner, RenderedSymlink } from './rendered-file.js';
export { alertRuleGroups, renderAlertRulesYaml } from './alert-rules.js';
export type { AlertRule, RuleGroup } from './alert-rules.js';
