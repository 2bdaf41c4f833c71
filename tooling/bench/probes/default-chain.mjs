// One DefaultAzureCredential getToken in a process of its own, with the environment the bench chose (no
// developer tool on PATH, IMDS pointed somewhere on loopback or blackholed). One JSON line on stdout:
// how long getToken took, and whether it returned a token or which error it threw.
//   BENCH_MODULE  file URL of the library   BENCH_SCOPE  scope to ask for
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
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, ...outcome })}\n`);
// Some libraries keep timers or sockets alive; the measurement is over.
process.exit(0);
