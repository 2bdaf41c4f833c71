// Against the real Azure CLI (Debian's azure-cli package; the test bootstrap installs it on CI). It runs with a
// fresh, empty configuration folder, so it can never see a real sign-in, and must report that no one is.
import { rmSync } from 'node:fs';
import { CredentialUnavailableError } from '@identity/core';
import { findExecutable } from '@identity/core/node-process';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureCliCredential } from './azure-cli-credential.js';

const az = findExecutable(['az'], process.env);
// Skipped only on a developer machine without az; on CI a missing az fails the test.
describe.skipIf(!az && !process.env.CI)('AzureCliCredential with the real Azure CLI', () => {
  let configDir: string;
  beforeAll(() => {
    configDir = temporaryFolder('identity-az-config');
  });
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  const env = () => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: configDir,
    AZURE_CONFIG_DIR: configDir,
    // Nothing leaves the machine: no telemetry upload, no survey prompt.
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
  });

  it('is unavailable, and says to run az login, when no one is signed in', { timeout: 90_000 }, async () => {
    const credential = new AzureCliCredential({ env: env(), processTimeoutInMs: 60_000 });
    const failure = credential.getToken('https://management.azure.com/.default');
    await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(failure).rejects.toThrow(
      "AzureCliCredential: Azure CLI is not signed in. Please run 'az login' from a command prompt to authenticate before using this credential.",
    );
  });

  it('says the same for a tenant of its choosing, naming the tenant', { timeout: 90_000 }, async () => {
    const credential = new AzureCliCredential({
      env: env(),
      tenantId: 'contoso.onmicrosoft.com',
      processTimeoutInMs: 60_000,
    });
    await expect(credential.getToken('https://vault.azure.net/.default')).rejects.toThrow(
      "Please run 'az login --tenant contoso.onmicrosoft.com'",
    );
  });
});
