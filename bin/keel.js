#!/usr/bin/env node
// Keel's command line. It runs the TypeScript sources through tsx, so `npx keel` works right
// after `npm ci` with no build step. See src/cli/README.md.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/keel.ts');
process.exitCode = await main(process.argv.slice(2));
