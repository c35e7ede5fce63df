#!/usr/bin/env node
// Bundles the client CLI (src/cli/main.ts and everything it imports) into one CommonJS file,
// dist/strata-cli.cjs. One file loaded by require() starts measurably faster than dozens of ES
// modules (the ESM loader alone costs ~9 ms here), and `strata`'s start-up budget is ~15 ms.
// V8 compiles functions lazily, so the Go template engine inside costs little until --format uses it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/strata-cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
