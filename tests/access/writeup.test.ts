import { describe, expect, it } from 'vitest';
import { renderBriefing } from '../../src/access/briefing.js';
import { isUntouchedWriteup, renderWriteupTemplate, WRITEUP } from '../../src/access/writeup.js';

describe('the candidate write-up', () => {
  it('has one section per problem with the three debrief questions, and names no fault', () => {
    const text = renderWriteupTemplate({ title: 'Checkout is down', problems: 2 });
    expect(text.startsWith('# Write-up: Checkout is down\n')).toBe(true);
    expect(text.match(/^## Problem \d$/gm)).toEqual(['## Problem 1', '## Problem 2']);
    for (const heading of ['### What was wrong', '### How I resolved it', '### What to do in future']) expect(text.split(heading)).toHaveLength(3);
    expect(renderWriteupTemplate({ title: 'x', problems: 0 }).match(/^## Problem/gm)).toHaveLength(1);
    expect(renderWriteupTemplate({ title: 'x', problems: 1, titles: ['Checkout fails', 'Alerts are silent'] }).match(/^## Problem .*$/gm)).toEqual(['## Problem 1: Checkout fails', '## Problem 2: Alerts are silent']);
  });

  it('tells an untouched template from a written one', () => {
    const input = { title: 'Checkout is down', problems: 1 };
    const template = renderWriteupTemplate(input);
    expect(isUntouchedWriteup(`${template}\n\n`, input)).toBe(true);
    expect(isUntouchedWriteup(template.replace('_…_', 'the disk was full'), input)).toBe(false);
  });

  it('the briefing says where to write it, on the bastion, for each problem', () => {
    const base = { title: 'T', incident: 'Something broke badly.', timebox: '45m', machines: ['edge', 'app'], sshCommand: 'ssh -F cfg edge', sshConfigPath: 'cfg' };
    const briefing = renderBriefing({ ...base, writeup: { machine: WRITEUP.machine, display: WRITEUP.display, problems: 3 } });
    expect(briefing).toContain('## Your write-up');
    expect(briefing).toContain('write half a page on each of the 3 problems in `~/WRITEUP.md` on `edge`');
    expect(briefing).toContain('what was wrong, how you resolved it, and what to do in future');
    expect(renderBriefing(base)).not.toContain('write-up');
  });
});
