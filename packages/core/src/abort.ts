// Listening to a caller's abort signal always comes with un-listening: one helper does both halves.
import type { AbortSignalLike } from './token-credential.js';

/**
 * Calls `listener` once when `signal` fires; returns the function that stops listening.
 *
 * @example
 * ```ts
 * const stopListening = onAbort(signal, () => controller.abort());
 * try { await work(); } finally { stopListening(); }
 * ```
 */
export function onAbort(signal: AbortSignalLike | undefined, listener: () => void): () => void {
  signal?.addEventListener('abort', listener, { once: true });
  return () => signal?.removeEventListener('abort', listener);
}
