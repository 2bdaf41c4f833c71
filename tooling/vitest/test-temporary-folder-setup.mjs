// A vitest setup file (test-setup.mjs imports it; the tooling's own tests name it): removes the temporary folders a
// test file made with `temporaryFolder` outside a test, after the file's last test and its own afterAll hooks.
import { afterAll } from 'vitest';
import { removeFileTemporaryFolders } from './test-temporary-folder.ts';

afterAll(removeFileTemporaryFolders);
