import { guideAnchors } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';

describe("the persistent cache's troubleshooting entries", () => {
  it('are in the guide: no secret store, locked keyring, corrupt file, missing key, lock timeout, setup, not a file, too large, unsafe folder', () => {
    const anchors = guideAnchors();
    for (const anchor of [
      'cache-persistence',
      'cache-persistence-no-secret-store',
      'cache-persistence-locked-keyring',
      'cache-persistence-corrupt-file',
      'cache-persistence-missing-key',
      'cache-persistence-newer-format',
      'cache-persistence-encrypted-file',
      'cache-persistence-lock-timeout',
      'cache-persistence-not-a-file',
      'cache-persistence-file-too-large',
      'cache-persistence-unsafe-folder',
    ]) {
      expect(anchors, anchor).toContain(anchor);
    }
  });
});
