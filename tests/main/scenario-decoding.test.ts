/**
 * From bytes to a scenario's text: the UTF-8 check agrees with Node's own on any bytes, and says
 * where the first bad byte is.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScenario, firstInvalidUtf8 } from '../../main/electron/scenario-decoding.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('firstInvalidUtf8', () => {
  it.each<[string, Uint8Array, number]>([
    ['ASCII', bytes(0x61, 0x62), -1],
    ['two, three and four byte characters', new TextEncoder().encode('é€😀'), -1],
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['an overlong slash (C0 AF)', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form (E0 80 80)', bytes(0xe0, 0x80, 0x80), 0],
    ['a UTF-16 surrogate (ED A0 80)', bytes(0x61, 0xed, 0xa0, 0x80), 1],
    ['beyond U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a truncated sequence at the end', bytes(0x61, 0xe2, 0x82), 1],
    ['Latin-1 é', bytes(0x63, 0x61, 0x66, 0xe9), 3],
  ])('%s', (_what, input, expected) => {
    expect(firstInvalidUtf8(input)).toBe(expected);
  });

  it('agrees with Node on any bytes: -1 exactly for valid UTF-8, and everything before the offset is valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s))), (input) => {
        const bad = firstInvalidUtf8(input);
        expect(bad === -1).toBe(isUtf8(input));
        if (bad !== -1) expect(isUtf8(input.subarray(0, bad))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeScenario', () => {
  it('drops a UTF-8 byte order mark and says it was there', () => {
    expect(decodeScenario(bytes(0xef, 0xbb, 0xbf, 0x78), 'a.py')).toEqual({ source: 'x', bom: true });
    expect(decodeScenario(bytes(0x78), 'a.py')).toEqual({ source: 'x', bom: false });
  });
});
