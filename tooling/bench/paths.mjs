// Where the bench reads and writes.
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export const paths = {
  root,
  packages: join(root, 'packages'),
  scratch: join(root, '.bench-scratch'),
  results: join(import.meta.dirname, 'results', 'latest.json'),
  // Committed: the peer figures the bench does not re-measure on every run (see measure/recorded-peer.mjs).
  peerFigures: join(import.meta.dirname, 'peer-figures.json'),
};
