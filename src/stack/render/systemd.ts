import type { RenderedContent, RenderedSymlink } from './rendered-file.js';

/** Where units shipped by Debian packages live in bookworm (merged /usr: /lib is /usr/lib). */
export const VENDOR_UNIT_DIR = '/lib/systemd/system';
/** Where faultline writes its own units, drop-ins and enablement links. */
export const ADMIN_UNIT_DIR = '/etc/systemd/system';

/** One `[Section]` of a unit or ini-style file; a key may repeat (e.g. `ExecStart=` then `ExecStart=…`). */
export interface IniSection {
  readonly name: string;
  readonly entries: readonly (readonly [key: string, value: string | number | boolean])[];
}

/** Render ini-style sections the way systemd reads them (`Key=value`, one per line). */
export function renderIni(sections: readonly IniSection[], header?: string): string {
  const body = sections
    .map((section) => [`[${section.name}]`, ...section.entries.map(([key, value]) => `${key}=${formatValue(value)}`)].join('\n'))
    .join('\n\n');
  return `${header ? `${commentLines(header)}\n` : ''}${body}\n`;
}

/** A unit file written under /etc/systemd/system. */
export function renderUnitFile(unit: string, sections: readonly IniSection[], header?: string): RenderedContent {
  return { path: `${ADMIN_UNIT_DIR}/${unit}`, content: renderIni(sections, header) };
}

/** A drop-in `<unit>.d/<name>.conf` that overrides part of a packaged unit. */
export function renderDropIn(unit: string, name: string, sections: readonly IniSection[], header?: string): RenderedContent {
  return { path: `${ADMIN_UNIT_DIR}/${unit}.d/${name}.conf`, content: renderIni(sections, header) };
}

/**
 * The link `systemctl enable` would create: `<target>.wants/<unit>` pointing
 * at the unit file. For a template instance (`orders@1.service`) the link is
 * named after the instance and points at the template.
 */
export function enableUnit(unit: string, target: string, unitDir: string = ADMIN_UNIT_DIR): RenderedSymlink {
  const template = unit.replace(/@[^.]+\./, '@.');
  return { path: `${ADMIN_UNIT_DIR}/${target}.wants/${unit}`, symlinkTo: `${unitDir}/${template}` };
}

/**
 * Mask a unit (a link to /dev/null). Used for packaged services that Debian
 * enables on install but that do not belong to a machine's role: a masked
 * unit is visible and honest in `systemctl status`, and the link can be
 * seeded into an overlay upper dir (removing the lower layer's enablement
 * link would need an overlayfs whiteout).
 */
export function maskUnit(unit: string): RenderedSymlink {
  return { path: `${ADMIN_UNIT_DIR}/${unit}`, symlinkTo: '/dev/null' };
}

function formatValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function commentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `# ${line}` : '#'))
    .join('\n');
}
