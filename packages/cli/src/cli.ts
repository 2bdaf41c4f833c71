#!/usr/bin/env node
// Entry point of the `identity` binary. No top-level await: the CommonJS build must load it too.
import { runCli } from './cli-main.js';

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`identity: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
