// What the probes time with: calls per second of `call`, awaited one after another for `durationMs`.
export async function rate(call, durationMs) {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < durationMs) {
    await call();
    calls++;
  }
  return (calls * 1000) / (performance.now() - start);
}
