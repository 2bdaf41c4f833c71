// One DefaultAzureCredential getToken in a process of its own, with the environment the bench chose (no
// developer tool on PATH, IMDS pointed somewhere on loopback or blackholed). One JSON line on stdout:
// how long getToken took (`ms`), the same with the library's import before it (`withImportMs`: a cold start
// pays both, and ours loads chain members inside getToken), and whether it returned a token or which error it
// threw.
//   BENCH_MODULE  file URL of the library   BENCH_SCOPE  scope to ask for
const importing = performance.now();
const library = await import(process.env.BENCH_MODULE);
const credential = new library.DefaultAzureCredential();
const started = performance.now();
let outcome;
try {
  await credential.getToken(process.env.BENCH_SCOPE);
  outcome = { ok: true };
} catch (error) {
  outcome = { ok: false, error: error?.name ?? String(error) };
}
const ended = performance.now();
process.stdout.write(
  `${JSON.stringify({ ms: ended - started, withImportMs: ended - importing, ...outcome })}\n`,
);
// Some libraries keep timers or sockets alive; the measurement is over.
process.exit(0);
