import { describe, expect, it } from 'vitest';
import { mergeClaims } from './claims.js';
import { InvalidArgumentError } from './errors.js';

const capability = (claims: string | undefined) => JSON.parse(claims ?? '{}').access_token?.xms_cc?.values;

describe('mergeClaims', () => {
  it('sends nothing when there are no claims and no CAE', () => {
    expect(mergeClaims(undefined, false)).toBeUndefined();
    expect(mergeClaims('', undefined)).toBeUndefined();
  });

  it('passes a claims challenge through unchanged without CAE', () => {
    const challenge = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
    expect(mergeClaims(challenge, false)).toBe(challenge);
  });

  it('adds the cp1 client capability for CAE', () => {
    expect(mergeClaims(undefined, true)).toBe('{"access_token":{"xms_cc":{"values":["cp1"]}}}');
  });

  it('merges cp1 into a challenge, keeping what it asks for and never duplicating cp1', () => {
    const merged = mergeClaims(
      '{"access_token":{"nbf":{"essential":true},"xms_cc":{"values":["cp2"]}},"id_token":{}}',
      true,
    );
    expect(JSON.parse(merged ?? '')).toEqual({
      access_token: { nbf: { essential: true }, xms_cc: { values: ['cp2', 'cp1'] } },
      id_token: {},
    });
    expect(capability(mergeClaims(merged, true))).toEqual(['cp2', 'cp1']);
  });

  it('refuses a challenge that is not a JSON object', () => {
    expect(() => mergeClaims('not json', true)).toThrow(InvalidArgumentError);
    expect(() => mergeClaims('null', true)).toThrow(InvalidArgumentError);
  });
});
