// The PEM splitter: blocks in file order, the first key, and text that only looks like PEM, read in linear time.
import { describe, expect, it } from 'vitest';
import { CertificateError } from './client-certificate-error.js';
import { parsePem } from './client-certificate-pem.js';

const block = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

describe('parsePem', () => {
  it('keeps the certificates in file order and the first private key, headers of legacy encrypted keys included', () => {
    const legacy = block('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\nAQID');
    const { certificates, key } = parsePem(
      `junk\n${block('CERTIFICATE', 'AQID')}${legacy}${block('CERTIFICATE', 'BAUG')}${block('PRIVATE KEY', 'BwgJ')}`,
    );
    expect(certificates).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6])]);
    expect(key).toEqual({ label: 'RSA PRIVATE KEY', text: legacy.trim() });
  });

  it('ends a block at its END line: one cut short swallows nothing of the next', () => {
    const text = `-----BEGIN CERTIFICATE-----\nAAAA\n${block('CERTIFICATE', 'AQID')}${block('PRIVATE KEY', 'BwgJ')}`;
    expect(parsePem(text).certificates).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('reads text full of blocks that never end in linear time', () => {
    // Each unclosed BEGIN used to make the matcher scan to the end of the text: 2 MB of them took minutes.
    const text = '-----BEGIN CERTIFICATE-----\n'.repeat(70_000) + '-----BEGIN A B-----'.repeat(10_000);
    expect(() => parsePem(text)).toThrow(CertificateError);
  });
});
