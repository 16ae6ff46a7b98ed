#!/usr/bin/env node
// Loads tsx so the TypeScript sources run as they are, then dispatches to server/cli/commands.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
