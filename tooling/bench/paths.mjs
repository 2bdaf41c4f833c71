// Where the bench reads and writes.
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export const paths = {
  root,
  packages: join(root, 'packages'),
  scratch: join(root, '.bench-scratch'),
  results: join(import.meta.dirname, 'results', 'latest.json'),
};
