#!/usr/bin/env node
// Entry point: runs the CLI compiled into dist/, rebuilding it first when a source file is newer
// than the last build (a few ms to check, ~0.3 s to build), so an edit or a `git pull` never runs
// stale code.
import { ensureBuilt } from '../scripts/build.mjs';

if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await ensureBuilt();
await import('../dist/cli/main.js');
