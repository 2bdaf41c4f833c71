// The refresh tokens the emulator issued: opaque strings bound to a client, a user and the tenant they were issued
// in. Each use returns a new one and, as in Entra, leaves the old one valid; they die of inactivity (90 days), of a
// SPA's fixed 24 hours, of the user's revocation (TokensValidFrom) or with a reused authorization code.
import { randomBytes } from 'node:crypto';
import type { UserScopes } from './emulator-delegated-scopes.js';
import { base64UrlEncode } from './emulator-encoding.js';
import type { RedirectUriType } from './emulator-redirect-uris.js';

/**
 * How long an unused refresh token stays valid: Entra's 90 days of inactivity.
 *
 * @example
 * ```ts
 * emulator.registerApp({ publicClient: true, refreshTokenLifetimeSeconds: DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS / 90 });
 * ```
 */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 86400;

/**
 * What a refresh token stands for.
 *
 * @example
 * ```ts
 * const grant: RefreshTokenGrant | undefined = refreshTokens.get(token);
 * ```
 */
export interface RefreshTokenGrant {
  clientId: string;
  /** The tenant the tokens it came with were issued in. */
  tenantId: string;
  userKey: string;
  /** The platform of the sign-in (decides how the client authenticates). */
  platform: RedirectUriType;
  /** The resource of the access token it came with: the default when a refresh names no scope. */
  resource: string;
  scopes: UserScopes;
  amr: string[];
  /** The sign-in it descends from. */
  family: string;
  /** The family of client ids (FOCI) of the client it was issued to: every member may redeem it. */
  clientFamily?: string;
  /** Epoch ms. */
  issuedAt: number;
  /** A SPA's fixed expiry, epoch ms. */
  spaExpiresAt?: number;
}

/**
 * The refresh tokens the emulator issued, by token.
 *
 * @example
 * ```ts
 * const token = refreshTokens.issue(grant); // '0.AbC...' (opaque)
 * refreshTokens.revokeFamily(grant.family);
 * ```
 */
export class RefreshTokens {
  /** Whether a string has the shape of a token this store issues (else Entra calls it malformed). */
  static hasTokenShape(token: string): boolean {
    return /^0\.[A-Za-z0-9_-]{64}$/.test(token);
  }

  readonly #tokens = new Map<string, RefreshTokenGrant>();
  readonly #revokedFamilies = new Set<string>();

  issue(grant: RefreshTokenGrant): string {
    const token = `0.${base64UrlEncode(randomBytes(48))}`;
    this.#tokens.set(token, grant);
    return token;
  }

  get(token: string): RefreshTokenGrant | undefined {
    return this.#tokens.get(token);
  }

  isRevoked(grant: RefreshTokenGrant): boolean {
    return this.#revokedFamilies.has(grant.family);
  }

  /** Revokes every refresh token of a sign-in (its authorization code was redeemed twice). */
  revokeFamily(family: string): void {
    this.#revokedFamilies.add(family);
  }
}
