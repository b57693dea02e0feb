import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SCENARIO_BYTES, decodeScenarioBytes, firstInvalidUtf8 } from '../../renderer/app/scenario-bytes.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('files opened in the web build', () => {
  it('UTF-8 Python opens as it is; a byte order mark is dropped', () => {
    expect(decodeScenarioBytes('a.py', utf8('print("é 🐍")\n'))).toEqual({ ok: true, source: 'print("é 🐍")\n' });
    expect(decodeScenarioBytes('A.PY', utf8('\ufeffx = 1\n'))).toEqual({ ok: true, source: 'x = 1\n' });
  });

  it('a file that is not .py is refused, by name', () => {
    expect(decodeScenarioBytes('notes.md', utf8('# hi'))).toEqual({ ok: false, message: 'Loopscope opens Python scenario files (.py); “notes.md” is not one.' });
  });

  it('a binary file says so, with where its NUL byte is', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    const result = decodeScenarioBytes('picture.py', png);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^“picture\.py” looks like a binary file, not Python source \(it holds a NUL byte at offset 8\)/) });
  });

  it('invalid UTF-8 names the byte and its line, and what to do', () => {
    const latin1 = Uint8Array.from([...utf8('x = 1\ny = "caf'), 0xe9, ...utf8('"\n')]);
    const result = decodeScenarioBytes('latin.py', latin1);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      '“latin.py” is not UTF-8 text: byte 0xE9 on line 2 is not valid UTF-8 (the file may be Latin-1 or Windows-1252). Save it as UTF-8 in your editor and open it again.',
    );
  });

  it('UTF-16 is recognised by its byte order mark', () => {
    expect(decodeScenarioBytes('w.py', Uint8Array.from([0xff, 0xfe, 0x78, 0x00]))).toMatchObject({ ok: false, message: expect.stringContaining('UTF-16') });
  });

  it(`a file over ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes is refused before it is decoded`, () => {
    const big = new Uint8Array(MAX_SCENARIO_BYTES + 1).fill(0x61);
    expect(decodeScenarioBytes('big.py', big)).toEqual({ ok: false, message: '“big.py” is 1,000 KB; scenarios are at most 1,000 KB. Open a shorter file.' });
    expect(decodeScenarioBytes('fits.py', big.subarray(0, MAX_SCENARIO_BYTES)).ok).toBe(true);
  });

  it.each([
    ['a lone continuation byte', [0x80], 0],
    ['an overlong slash', [0x61, 0xc0, 0xaf], 1],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 1],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a 0xFF byte', [0x61, 0x62, 0xff], 2],
  ])('finds the first invalid byte: %s', (_, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes as number[]))).toBe(at);
  });

  it('agrees with a strict TextDecoder on any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }).map(utf8)), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === -1).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
