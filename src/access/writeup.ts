import { CANDIDATE_USER } from './access-paths.js';

/** Where the candidate writes up what they fixed: a file in their home on the bastion (edge). */
export const WRITEUP = {
  machine: 'edge',
  path: `/home/${CANDIDATE_USER}/WRITEUP.md`,
  /** As the candidate sees it from their shell. */
  display: '~/WRITEUP.md',
} as const;

export interface WriteupTemplateInput {
  readonly title: string;
  /** How many problems the scenario has (its faults); at least one section is written. */
  readonly problems: number;
  /** Candidate-facing problem titles, for scenarios that list their problems (numbered only when absent). */
  readonly titles?: readonly string[];
}

/**
 * The write-up file seeded into the candidate's home on edge: one short
 * section per problem with the three questions the debrief asks. Problems
 * are numbered, never named, so the template gives nothing away.
 */
export function renderWriteupTemplate(input: WriteupTemplateInput): string {
  const count = Math.max(1, input.problems, input.titles?.length ?? 0);
  const lines = [
    `# Write-up: ${input.title}`,
    '',
    'Half a page per problem you fixed (or got close to). Replace the _…_ lines; keep the headings.',
    '',
  ];
  for (let index = 1; index <= count; index += 1) {
    lines.push(
      `## Problem ${index}${input.titles?.[index - 1] ? `: ${input.titles[index - 1]}` : ''}`,
      '',
      '### What was wrong',
      '',
      '_…_',
      '',
      '### How I resolved it',
      '',
      '_…_',
      '',
      '### What to do in future',
      '',
      '_…_',
      '',
    );
  }
  return lines.join('\n');
}

/** True when `text` is still exactly the template (nothing written yet). */
export function isUntouchedWriteup(text: string, input: WriteupTemplateInput): boolean {
  return text.trim() === renderWriteupTemplate(input).trim();
}
