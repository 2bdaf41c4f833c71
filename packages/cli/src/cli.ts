#!/usr/bin/env node
// Entry point of the `identity` binary. No top-level await: the CommonJS build must load it too.
import { runCli } from './cli-main.js';
import { printableLines } from './cli-printable.js';

// A reader that went away (`identity doctor | head -1`) is no failure of the command's: stop quietly, with the code
// the command has set so far, instead of crashing on the closed pipe with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The message may quote a path or value from the environment: shown, never interpreted by the terminal.
    process.stderr.write(`identity: ${printableLines(String((error as Error)?.message ?? error))}\n`);
    process.exitCode = 1;
  },
);
