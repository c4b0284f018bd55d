#!/usr/bin/env node
// Entry point for the `custos` command. Sources are TypeScript run through tsx's loader,
// so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli.ts');
process.exitCode = await main(process.argv);
