#!/usr/bin/env node
// The citystack command. TypeScript sources run through tsx's loader: one codebase, no build step for the server.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
