// What the credential's specs against the emulator share: counting the refresh tokens it redeems, and the error of a
// call that must fail.
import type { Emulator } from '@identity/emulator';

/** Starts counting the emulator's refresh-token redemptions: the returned function says how many since. */
export function refreshCounter(emulator: Emulator): () => number {
  const count = () => emulator.requests.filter((r) => r.grantType === 'refresh_token').length;
  const start = count();
  return () => count() - start;
}

/** The error `call` rejects with; throws if it resolves or rejects with something that is not an Error. */
export async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error;
}
