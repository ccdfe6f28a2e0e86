#!/usr/bin/env node
// Entry point: run the TypeScript CLI through tsx so a clean clone needs no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
