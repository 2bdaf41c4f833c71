// Fault injection: latency, error statuses with Retry-After, malformed bodies and dropped connections.
import { type EntraError, entraErrors } from './emulator-errors.js';
import type {
  EmulatorFault,
  EmulatorFaults,
  EmulatorRequestContext,
  EmulatorResponse,
  FaultError,
} from './emulator-types.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';

const FAULT_ERRORS = {
  authorization_pending: userFlowErrors.authorizationPending,
  slow_down: userFlowErrors.slowDown,
  authorization_declined: userFlowErrors.authorizationDeclined,
  expired_token: userFlowErrors.deviceCodeExpired,
  bad_verification_code: userFlowErrors.badVerificationCode,
  invalid_grant: userFlowErrors.refreshTokenInvalid,
  interaction_required: () => userFlowErrors.mfaRequired('the resource', 'interaction_required'),
} satisfies Record<FaultError, () => EntraError>;

interface ActiveFault {
  fault: EmulatorFault;
  remaining: number;
}

function validateFault(fault: EmulatorFault): void {
  if (!fault || typeof fault.route !== 'string' || fault.route.length === 0) {
    throw new TypeError(
      'A fault needs a route: a route name such as "token" or a path prefix such as "/metadata".',
    );
  }
  const times = fault.times ?? 1;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new TypeError('fault.times must be a positive integer or Infinity.');
  }
  if (fault.latencyMs !== undefined && !(Number.isFinite(fault.latencyMs) && fault.latencyMs >= 0)) {
    throw new TypeError('fault.latencyMs must be a non-negative number.');
  }
  if (
    fault.status !== undefined &&
    !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)
  ) {
    throw new TypeError('fault.status must be an HTTP status between 100 and 599.');
  }
  if (fault.error !== undefined && !Object.hasOwn(FAULT_ERRORS, fault.error)) {
    throw new TypeError(`fault.error must be one of ${Object.keys(FAULT_ERRORS).join(', ')}.`);
  }
}

/**
 * The fault queue of an emulator. Faults are matched in the order they were added; each applies to `times`
 * requests and is then used up.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector();
 * faults.add({ route: 'token', status: 503, times: 2 });
 * faults.take('token', '/t/oauth2/v2.0/token'); // the fault, twice; then undefined
 * ```
 */
export class FaultInjector implements EmulatorFaults {
  readonly #active: ActiveFault[] = [];

  add(fault: EmulatorFault): void {
    validateFault(fault);
    this.#active.push({ fault: { ...fault }, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#active.length = 0;
  }

  get pending(): readonly EmulatorFault[] {
    return this.#active.map((active) => active.fault);
  }

  /** Takes one use of the first fault matching a route name or path (and grant type, if it names one). */
  take(routeName: string, path: string, grantType?: string | null): EmulatorFault | undefined {
    const index = this.#active.findIndex(
      ({ fault }) =>
        (fault.route.startsWith('/') ? path.startsWith(fault.route) : fault.route === routeName) &&
        (fault.grantType === undefined || fault.grantType === grantType),
    );
    const active = this.#active[index];
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.#active.splice(index, 1);
    return active.fault;
  }
}

/**
 * The response a fault answers with, or undefined when it only adds latency (the request then proceeds).
 * A status without a body gets an Entra-shaped error; a body without a status is sent with 200; an `error`
 * answers that OAuth error as Entra shapes it.
 *
 * @example
 * ```ts
 * faultResponse({ route: 'token', status: 429, retryAfter: '2' }, ctx)?.headers; // { 'retry-after': '2' }
 * ```
 */
export function faultResponse(
  fault: EmulatorFault,
  ctx: EmulatorRequestContext,
): EmulatorResponse | undefined {
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
  if (fault.error !== undefined) {
    const error = ctx.errorResponse(FAULT_ERRORS[fault.error]());
    return { ...error, status: fault.status ?? 400, headers: { ...error.headers, ...headers } };
  }
  if (fault.status === undefined && fault.body === undefined) return undefined;
  const status = fault.status ?? 200;
  if (fault.body !== undefined) {
    return {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: fault.body,
    };
  }
  const error = ctx.errorResponse(entraErrors.forStatus(status));
  return { ...error, status, headers: { ...error.headers, ...headers } };
}
