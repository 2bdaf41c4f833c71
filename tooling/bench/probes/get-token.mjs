// Runs one library's getToken measurement in a process of its own, so one library's timings never mix with
// another's. Everything comes from the environment; the result is one JSON line on stdout.
//   BENCH_MODULE  file URL of the library   BENCH_CLASS  credential class   BENCH_ARGS  constructor args (JSON)
//   BENCH_SCOPE   scope to ask for          BENCH_MODE   'first' | 'throughput' | 'concurrent'
//   BENCH_DURATION_MS  how long to loop (throughput, both loops together)
//   BENCH_CONCURRENCY  how many calls at once (concurrent)
//   BENCH_APPROVE_URL  where the user approves a device code (silent)   BENCH_SILENT_SCOPE  the second scope (silent)
import { rate } from './rate.mjs';

const env = process.env;
const importStarted = performance.now();
const library = await import(env.BENCH_MODULE);
const args = JSON.parse(env.BENCH_ARGS);
// A user credential signs in by device code, and the user (the emulator's test route) approves the code at once.
if (env.BENCH_APPROVE_URL) {
  args[args.length - 1].userPromptCallback = async ({ userCode }) => {
    await fetch(env.BENCH_APPROVE_URL, {
      method: 'POST',
      body: new URLSearchParams({ user_code: userCode }),
    });
  };
}
const credential = new library[env.BENCH_CLASS](...args);
const scope = env.BENCH_SCOPE;

// The first token of a fresh process: the import, the construction and the first request.
async function first() {
  await credential.getToken(scope);
  return { firstTokenMs: performance.now() - importStarted };
}

// Cached getToken beside the floor of any async cache, an awaited Map lookup, in the same process and loop. The two
// take turns in short rounds and the best round of each counts: on a shared machine, other work only slows a round
// down, so the best rounds are the fairest comparison, and their ratio holds where absolute numbers do not.
async function throughput() {
  await credential.getToken(scope);
  const tokens = new Map([[scope, await credential.getToken(scope)]]);
  const lookup = async (key) => tokens.get(key);
  const rounds = 5;
  const roundMs = Number(env.BENCH_DURATION_MS ?? 1000) / rounds / 2;
  let opsPerSecond = 0;
  let mapOpsPerSecond = 0;
  for (let round = 0; round < rounds; round++) {
    mapOpsPerSecond = Math.max(mapOpsPerSecond, await rate(() => lookup(scope), roundMs));
    opsPerSecond = Math.max(opsPerSecond, await rate(() => credential.getToken(scope), roundMs));
  }
  return { opsPerSecond, mapOpsPerSecond };
}

async function concurrent() {
  const calls = Number(env.BENCH_CONCURRENCY ?? 100);
  const tokens = await Promise.all(Array.from({ length: calls }, () => credential.getToken(scope)));
  return { calls, distinctTokens: new Set(tokens.map((token) => token.token)).size };
}

// After a sign-in, the first token for another scope: the refresh-token request and what each library does around
// it (account lookup, cache writes), the path every later run of a signed-in tool takes.
async function silent() {
  await credential.getToken(scope);
  const started = performance.now();
  await credential.getToken(env.BENCH_SILENT_SCOPE);
  return { firstSilentMs: performance.now() - started };
}

const modes = { first, throughput, concurrent, silent };
process.stdout.write(`${JSON.stringify(await modes[env.BENCH_MODE]())}\n`);
// Some libraries keep sockets alive; the measurement is over.
process.exit(0);
