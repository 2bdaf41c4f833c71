// Peer figures that are slow to measure and do not change from run to run (they are the peer's own retry
// schedule or timeout, such as a minute waiting on an IMDS that never answers): measured when the bench runs
// with --peer-slow and kept in a committed file with when, how and with which versions they were measured;
// every other run reads them from there instead of waiting again. Our own figures are always measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { attempt, failed } from '../harness.mjs';

const ABOUT =
  'Peer figures the bench does not re-measure on every run (slow, and fixed by the peer itself). Re-measure: node tooling/bench/bench.mjs --only <scenario> --peer-slow';

function read(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { about: ABOUT, figures: {} };
}

/**
 * `recordedPeer(key, measure, { peerVersion, command })` → `{ value, entry }`: with `remeasure`, runs `measure`
 * and records its value (a number, or a failure such as "no answer within 60 s") under `key` in `file`;
 * otherwise the recorded value, or a failure saying how to record it.
 */
export function recordedPeerFigures({ file, remeasure }) {
  return async function recordedPeer(key, measure, { peerVersion, command }) {
    if (!remeasure) {
      const entry = read(file).figures[key];
      if (!entry) return { value: failed(`not recorded yet: run ${command} --peer-slow`), entry: undefined };
      return { value: entry.value, entry };
    }
    const value = await attempt(measure);
    const entry = {
      value,
      measuredAt: new Date().toISOString(),
      command: `${command} --peer-slow`,
      peerVersion,
      node: process.version,
    };
    // Into what the file holds: the other figures (other rows, other scenarios) stay as they are.
    const figures = read(file);
    figures.figures[key] = entry;
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    return { value, entry };
  };
}
