#!/usr/bin/env node
// Entry point of the `identity-emulator` binary. No top-level await: the CommonJS build must load it too.
import { runCli } from './emulator-cli.js';

void runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`identity-emulator: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
