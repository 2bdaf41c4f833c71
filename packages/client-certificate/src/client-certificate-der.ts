// A tiny DER reader: just enough ASN.1 to find a certificate's public key and validity and a PKCS#8 key's
// algorithm and RSA numbers, without pulling an ASN.1 library into edge bundles.

/**
 * One DER element: its tag and where its contents sit in the buffer.
 *
 * @example
 * ```ts
 * const node: DerNode = readDer(certificateDer);
 * node.tag; // 0x30, a SEQUENCE
 * ```
 */
export interface DerNode {
  tag: number;
  /** The whole encoding, tag and length included. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The contents only. */
  contents: Uint8Array<ArrayBuffer>;
}

/**
 * The DER tags the certificate and key readers look for.
 *
 * @example
 * ```ts
 * derChild(spki, 1, DerTag.bitString);
 * ```
 */
export const DerTag = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
} as const;

/**
 * Reads the DER element at `offset`. Throws a `SyntaxError` for a truncated element, a length that runs
 * past the buffer, or the indefinite lengths that BER allows and DER does not.
 *
 * @example
 * ```ts
 * const { tag, contents } = readDer(new Uint8Array([0x02, 0x01, 0x05])); // INTEGER 5
 * ```
 */
export function readDer(buffer: Uint8Array<ArrayBuffer>, offset = 0): DerNode {
  if (offset + 2 > buffer.length) throw new SyntaxError('DER element is truncated');
  const tag = buffer[offset] as number;
  let length = buffer[offset + 1] as number;
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // Four length octets cover anything a certificate or key can be; 0 would be BER's indefinite form.
    if (octets === 0 || octets > 4 || offset + 2 + octets > buffer.length) {
      throw new SyntaxError('DER length is not valid');
    }
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (buffer[offset + 2 + i] as number);
    header += octets;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new SyntaxError('DER element runs past the end of the data');
  return {
    tag,
    bytes: buffer.subarray(offset, end),
    contents: buffer.subarray(offset + header, end),
  };
}

/**
 * The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag).
 *
 * @example
 * ```ts
 * const [tbsCertificate, signatureAlgorithm, signature] = derChildren(readDer(certificateDer));
 * ```
 */
export function derChildren(node: DerNode): DerNode[] {
  const children: DerNode[] = [];
  for (let offset = 0; offset < node.contents.length; ) {
    const child = readDer(node.contents, offset);
    children.push(child);
    offset += child.bytes.length;
  }
  return children;
}

/**
 * Reads the element at `index` of a constructed element and checks its tag.
 *
 * @example
 * ```ts
 * const validity = derChild(tbs, 4, DerTag.sequence);
 * ```
 */
export function derChild(node: DerNode, index: number, tag: number): DerNode {
  const child = derChildren(node)[index];
  if (child?.tag !== tag) throw new SyntaxError(`expected DER tag ${tag} at position ${index}`);
  return child;
}

/**
 * An INTEGER's magnitude without the leading zero octets DER adds to keep it positive, so two encodings
 * of the same number compare equal.
 *
 * @example
 * ```ts
 * unsignedInteger(new Uint8Array([0, 0xc3])); // Uint8Array [0xc3]
 * ```
 */
export function unsignedInteger(contents: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  let start = 0;
  while (start < contents.length - 1 && contents[start] === 0) start++;
  return contents.subarray(start);
}

/**
 * Reads a UTCTime or GeneralizedTime (the two forms X.509 validity uses) as epoch milliseconds.
 *
 * @example
 * ```ts
 * derTime(readDer(utcTimeBytes)); // 1767225600000
 * ```
 */
export function derTime(node: DerNode): number {
  const text = new TextDecoder().decode(node.contents);
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match || (node.tag === DerTag.utcTime) !== (match[1]?.length === 2)) {
    throw new SyntaxError('certificate time is not valid');
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  // RFC 5280: a two-digit year below 50 is 20YY, else 19YY.
  const year = (y as number) < 100 ? ((y as number) < 50 ? 2000 : 1900) + (y as number) : (y as number);
  return Date.UTC(year, (mo as number) - 1, d, h, mi, s);
}

/**
 * Whether two byte arrays hold the same bytes.
 *
 * @example
 * ```ts
 * sameBytes(new Uint8Array([1]), new Uint8Array([1])); // true
 * ```
 */
export function sameBytes(a: Uint8Array<ArrayBuffer>, b: Uint8Array<ArrayBuffer>): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
