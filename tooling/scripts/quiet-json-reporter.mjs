// vitest's JSON reporter without its closing "JSON report written to …" line, so that the output of the run
// ends with vitest's own summary (the CI harness reads the line bootstrap prints right after it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JsonReporter } from 'vitest/node';

export default class QuietJsonReporter extends JsonReporter {
  async writeReport(report) {
    const configured = this.options.outputFile ?? this.ctx.config.outputFile;
    const file = typeof configured === 'string' ? configured : configured?.json;
    if (!file) throw new Error('quiet-json-reporter: set --outputFile.json');
    const path = resolve(this.ctx.config.root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, report);
  }
}
