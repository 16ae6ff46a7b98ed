#!/usr/bin/env node
// `npm start`: the local stack and one scripted login (scripts/devtools-host/demo.ts). TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
const { runStart, reportStartFailure } = await import('./devtools-host/demo.ts');
runStart().catch(reportStartFailure);
