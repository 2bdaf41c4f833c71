import { describe, expect, it } from 'vitest';
import {
  DerTag,
  derChild,
  derChildren,
  derTime,
  readDer,
  unsignedInteger,
} from './client-certificate-der.js';
import { base64ToBytes, base64Url, bytesToBase64 } from './client-certificate-encoding.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (tag: number, value: string) => {
  const encoded = new TextEncoder().encode(value);
  return readDer(bytes(tag, encoded.length, ...encoded));
};

describe('readDer', () => {
  it('reads short and long lengths and walks a SEQUENCE', () => {
    const sequence = readDer(bytes(0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xff));
    expect(derChildren(sequence).map((child) => child.tag)).toEqual([DerTag.integer, DerTag.octetString]);
    expect(derChild(sequence, 1, DerTag.octetString).contents).toEqual(bytes(0xff));
    const long = readDer(new Uint8Array([0x04, 0x81, 0x80, ...new Array(0x80).fill(7)]));
    expect(long.contents).toHaveLength(0x80);
  });

  it('refuses truncated data, lengths past the end and BER indefinite lengths', () => {
    expect(() => readDer(bytes(0x30))).toThrow(SyntaxError);
    expect(() => readDer(bytes(0x04, 0x05, 0x01))).toThrow(/past the end/);
    expect(() => readDer(bytes(0x30, 0x80, 0x00, 0x00))).toThrow(/length is not valid/);
    expect(() => derChild(readDer(bytes(0x30, 0x03, 0x02, 0x01, 0x05)), 0, DerTag.sequence)).toThrow(
      /expected/,
    );
  });

  it('drops the sign octet of a positive INTEGER', () => {
    expect(unsignedInteger(bytes(0x00, 0xc3, 0x01))).toEqual(bytes(0xc3, 0x01));
    expect(unsignedInteger(bytes(0x00))).toEqual(bytes(0x00));
  });
});

describe('derTime', () => {
  it('reads UTCTime with the RFC 5280 century rule, and GeneralizedTime', () => {
    expect(derTime(text(DerTag.utcTime, '491231235959Z'))).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
    expect(derTime(text(DerTag.utcTime, '500101000000Z'))).toBe(Date.UTC(1950, 0, 1));
    expect(derTime(text(DerTag.generalizedTime, '20510101000000Z'))).toBe(Date.UTC(2051, 0, 1));
  });

  it('refuses a time in the wrong form for its tag', () => {
    expect(() => derTime(text(DerTag.utcTime, '20510101000000Z'))).toThrow(SyntaxError);
    expect(() => derTime(text(DerTag.generalizedTime, '2051-01-01'))).toThrow(SyntaxError);
  });
});

describe('base64', () => {
  it('decodes PEM bodies with line breaks and refuses other text', () => {
    expect(base64ToBytes('AQID\nBA==')).toEqual(bytes(1, 2, 3, 4));
    expect(() => base64ToBytes('AQ%D')).toThrow(SyntaxError);
  });

  it('encodes standard base64 for x5c and unpadded base64url for JWTs', () => {
    expect(bytesToBase64(bytes(0xfb, 0xff))).toBe('+/8=');
    expect(base64Url(bytes(0xfb, 0xff))).toBe('-_8');
    expect(base64Url('{"alg":"PS256"}')).toBe('eyJhbGciOiJQUzI1NiJ9');
  });
});
