import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postToken } from '../test/emulator-test-support.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let app: RegisteredApp;

const form = () => ({
  grant_type: 'client_credentials',
  client_id: app.clientId,
  client_secret: app.clientSecret!,
  scope: 'https://vault.azure.net/.default',
});

async function tokenRequest() {
  return fetch(`${emulator.url}/${app.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form()).toString(),
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  app = emulator.registerApp();
});
beforeEach(() => emulator.faults.clear());
afterAll(() => emulator.stop());

describe('fault injection', () => {
  it('adds latency and then lets the request through', async () => {
    emulator.faults.add({ route: 'token', latencyMs: 150 });
    const started = performance.now();
    const response = await tokenRequest();
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers a status with Retry-After and an Entra-shaped body, for the given number of requests', async () => {
    emulator.faults.add({ route: 'token', status: 429, retryAfter: '3', times: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await postToken(emulator, app.tenantId, form());
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('3');
      expect(answer.json).toMatchObject({
        error: 'temporarily_unavailable',
        error_codes: [expect.any(Number)],
      });
      expect(answer.json.error_description).toMatch(/^AADSTS\d+: /);
    }
    expect((await tokenRequest()).status).toBe(200);
  });

  it('answers a 5xx with an Entra-shaped body', async () => {
    emulator.faults.add({ route: 'token', status: 503 });
    const answer = await postToken(emulator, app.tenantId, form());
    expect(answer.status).toBe(503);
    expect(answer.json.error).toBe('temporarily_unavailable');
  });

  it('sends a malformed body as given (with 200 when no status is set)', async () => {
    emulator.faults.add({ route: 'token', body: '{"access_token": ' });
    const response = await tokenRequest();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('drops the connection so the client sees a network error', async () => {
    emulator.faults.add({ route: 'token', drop: true });
    await expect(tokenRequest()).rejects.toThrow();
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'token', status: 0 });
    expect((await tokenRequest()).status).toBe(200);
  });

  it('matches a path prefix, even for routes added later', async () => {
    emulator.faults.add({ route: '/metadata/identity', status: 410, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${emulator.url}/metadata/identity/oauth2/token`)).status).toBe(410);
    }
    expect(emulator.faults.pending).toHaveLength(1);
    expect((await tokenRequest()).status).toBe(200);
  });

  it('applies faults in the order they were added', async () => {
    emulator.faults.add({ route: 'token', status: 500 });
    emulator.faults.add({ route: 'token', status: 502 });
    expect((await tokenRequest()).status).toBe(500);
    expect((await tokenRequest()).status).toBe(502);
    expect((await tokenRequest()).status).toBe(200);
  });

  it('clear() removes pending faults', async () => {
    emulator.faults.add({ route: 'token', status: 500, times: 5 });
    emulator.faults.clear();
    expect((await tokenRequest()).status).toBe(200);
  });

  it('rejects a fault without a route or with a bad count', () => {
    expect(() => emulator.faults.add({ route: '' })).toThrow(TypeError);
    expect(() => emulator.faults.add({ route: 'token', times: 0 })).toThrow(TypeError);
  });

  it('records faulted requests in the log with their status', async () => {
    emulator.faults.add({ route: 'token', status: 429 });
    await tokenRequest();
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'token', status: 429 });
  });
});

describe('stop()', () => {
  it('resolves quickly even with a request held by latency', async () => {
    const local = await startEmulator();
    local.faults.add({ route: 'token', latencyMs: 60_000 });
    const pending = fetch(`${local.url}/${local.tenantId}/oauth2/v2.0/token`, { method: 'POST' }).catch(
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await local.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
