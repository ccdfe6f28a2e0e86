/** The `## ` sections every fault's README.md has, in this order (docs/WRITING-A-FAULT.md explains each). */
export const README_SECTIONS = ['Params', 'Inject', 'What the candidate sees', 'Accepted fixes', 'What does NOT count', 'Revert'] as const;
