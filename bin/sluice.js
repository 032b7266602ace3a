#!/usr/bin/env node
// Entry point of the `sluice` command: runs the compiled CLI (built by `npm ci` / `npm run build`).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
