// Helpers for tests: a controllable clock and a scripted fetch, so no test patches globals or waits for real.

export interface ManualClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves time forward and wakes every sleeper whose deadline has passed. */
  advance(ms: number): Promise<void>;
  /** How long each pending sleep still has to wait, in ms. */
  readonly pendingSleeps: number[];
}

/** A clock whose time moves only when a test says so. */
export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start;
  const sleepers: { at: number; resolve: () => void }[] = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const abort = () => reject(signal?.reason);
        signal?.addEventListener('abort', abort, { once: true });
        // A woken sleeper lets go of the signal: a call that sleeps many times on one signal (a device-code
        // sign-in polling for an hour) must not pile listeners on it, as the real clock does not.
        sleepers.push({
          at: now + ms,
          resolve: () => {
            signal?.removeEventListener('abort', abort);
            resolve();
          },
        });
      });
    },
    async advance(ms) {
      now += ms;
      for (const sleeper of sleepers.splice(0)) {
        if (sleeper.at <= now) sleeper.resolve();
        else sleepers.push(sleeper);
      }
      // Let the woken continuations run before the test looks again.
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
    get pendingSleeps() {
      return sleepers.map((s) => s.at - now);
    },
  };
}

/**
 * Runs a call to its end on a manual clock: whenever the call sleeps, the clock moves on by that much. Returns
 * the waits in the order the call asked for them, and what the call resolved or rejected with.
 */
export async function settleOnClock<T>(
  clock: ManualClock,
  call: Promise<T>,
): Promise<{ waits: number[]; value?: T; error?: unknown }> {
  const outcome = call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let settled = false;
  void outcome.then(() => {
    settled = true;
  });
  const waits: number[] = [];
  while (!settled) {
    // A macrotask turn, so that real I/O (a loopback server) can make progress too.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const [wait] = clock.pendingSleeps;
    if (wait !== undefined) {
      waits.push(wait);
      await clock.advance(wait);
    }
  }
  return { waits, ...(await outcome) };
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type ScriptedHandler = (request: RecordedRequest, init: RequestInit) => Response | Promise<Response>;

/**
 * A fetch stand-in that answers from a list of handlers, one per request (the last one repeats), and records
 * every request. A handler throws to simulate a network error.
 */
export function scriptedFetch(...handlers: ScriptedHandler[]) {
  const requests: RecordedRequest[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request: RecordedRequest = {
      url: String(url),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    requests.push(request);
    const handler = handlers.length > 1 ? handlers.shift() : handlers[0];
    if (!handler) throw new Error('scriptedFetch: no handler left');
    return handler(request, init);
  };
  return { fetch, requests };
}

/** A JSON response, as a test handler returns it. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Marks a value as a test secret: the suite's leak check fails if it ever shows up in a log line or error. */
export function testSecret(label: string): string {
  return `${label}-TEST-SECRET-${Math.random().toString(36).slice(2, 10)}`;
}
