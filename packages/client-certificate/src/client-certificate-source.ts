// Where certificate material comes from, and when it is read again. In memory: decoded once. From a file:
// read on every token request and decoded again when its SHA-256 changed, so a rotated certificate is used
// without a restart. Token requests are rare (tokens are cached for about an hour), so one small read per
// request costs nothing, needs no timer, and also catches replacements that keep size and mtime (an atomic
// rename within the same second, a Kubernetes secret's symlink swap).
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import type { ClientCertificateCredentialPEMConfiguration } from './client-certificate-credential-options.js';
import { CertificateError, isCertificateError } from './client-certificate-error.js';
import {
  type CertificateMaterial,
  type LoadedCertificate,
  loadMaterial,
} from './client-certificate-material.js';
import { looksLikePem, parsePem } from './client-certificate-pem.js';

/**
 * What only Node.js does with certificates: read files, and decode what WebCrypto cannot import (PFX, encrypted
 * and PKCS#1 keys). The `node` entry's classes carry it; elsewhere it is absent and those inputs fail clearly.
 *
 * @example
 * ```ts
 * const material = await support.decodeCertificate(await support.readCertificateFile(path), password);
 * ```
 */
export interface CertificateNodeSupport {
  readCertificateFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  decodeCertificate(content: string | Uint8Array, password: string | undefined): Promise<CertificateMaterial>;
}

/**
 * Yields the current certificate, reading or decoding it as needed.
 *
 * @example
 * ```ts
 * const { x5tS256 } = await source.current();
 * ```
 */
export interface CertificateSource {
  current(): Promise<LoadedCertificate>;
}

/**
 * Checks where the certificate comes from and returns its source; `node` reads files and the formats WebCrypto
 * cannot import. Throws an `InvalidArgumentError` when both or neither of `certificate` and `certificatePath`
 * are given, or when in-memory PEM is malformed.
 *
 * @example
 * ```ts
 * const source = certificateSource('ClientCertificateCredential', { certificate: pem });
 * ```
 */
export function certificateSource(
  credentialName: string,
  input: string | ClientCertificateCredentialPEMConfiguration,
  node?: CertificateNodeSupport,
): CertificateSource {
  const configuration = (typeof input === 'string' ? { certificatePath: input } : (input ?? {})) as {
    certificate?: unknown;
    certificatePath?: unknown;
    certificatePassword?: unknown;
  };
  const invalid = (text: string) =>
    new InvalidArgumentError(
      `${credentialName}: ${text} ${troubleshooting('client-certificate-credential')}`,
    );
  const { certificate, certificatePath, certificatePassword } = configuration;
  if (certificatePassword !== undefined && typeof certificatePassword !== 'string') {
    throw invalid('certificatePassword must be a string.');
  }
  const password = certificatePassword as string | undefined;
  if (certificate !== undefined && certificatePath !== undefined) {
    throw invalid(
      'pass either certificate (the PEM or PFX contents) or certificatePath, not both: which one to use would be a guess.',
    );
  }
  if (certificatePath !== undefined) {
    if (typeof certificatePath !== 'string' || !certificatePath.trim() || certificatePath.includes('\0')) {
      throw invalid('certificatePath must be the path of a PEM or PFX file.');
    }
    return fileSource(certificatePath, password, node);
  }
  if (typeof certificate === 'string' || certificate instanceof Uint8Array) {
    try {
      return memorySource(certificate, password, node);
    } catch (error) {
      if (isCertificateError(error)) throw invalid(error.message);
      throw error;
    }
  }
  throw invalid(
    'pass the certificate: a PEM file path, { certificatePath }, or { certificate } with PEM text or PFX bytes.',
  );
}

function memorySource(
  content: string | Uint8Array,
  password: string | undefined,
  node: CertificateNodeSupport | undefined,
): CertificateSource {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  let loaded: Promise<LoadedCertificate> | undefined;
  if (looksLikePem(text)) {
    const { certificates, key } = parsePem(text);
    if (!key) {
      throw new CertificateError(
        'certificate_key_missing',
        'The PEM has no private key block; it must hold the certificate and its private key.',
      );
    }
    // An unencrypted PKCS#8 key is the web-standard path: no Node module is loaded.
    if (key.der) {
      const pkcs8 = key.der;
      return { current: () => (loaded ??= loadMaterial({ certificates, pkcs8 })) };
    }
  } else if (typeof content === 'string') {
    throw new CertificateError(
      'certificate_malformed',
      'certificate is not PEM text; pass PEM, or the bytes of a PFX file as a Uint8Array.',
    );
  }
  return {
    current: () =>
      (loaded ??= (async () => loadMaterial(await needsNode(node).decodeCertificate(content, password)))()),
  };
}

function fileSource(
  path: string,
  password: string | undefined,
  node: CertificateNodeSupport | undefined,
): CertificateSource {
  let last: { digest: string; loaded: Promise<LoadedCertificate> } | undefined;
  return {
    async current() {
      const bytes = await needsNode(node).readCertificateFile(path);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)).join(',');
      if (last?.digest !== digest) {
        last = { digest, loaded: needsNode(node).decodeCertificate(bytes, password).then(loadMaterial) };
      }
      return last.loaded;
    },
  };
}

function needsNode(node: CertificateNodeSupport | undefined): CertificateNodeSupport {
  if (node) return node;
  throw new CertificateError(
    'certificate_needs_node',
    'Certificate files, encrypted or PKCS#1 keys and PFX need Node.js (node:fs, node:crypto). On this ' +
      'runtime pass certificate as PEM text with an unencrypted PKCS#8 key ("BEGIN PRIVATE KEY").',
  );
}
