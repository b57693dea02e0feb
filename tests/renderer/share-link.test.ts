import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FRAGMENT, decodeLink, encodeLink, fromBase64Url, safeName, toBase64Url } from '../../renderer/app/share-link.ts';
import { SCENARIOS, scenarioSource } from './support.ts';

/** Text that deflate cannot shrink much: pseudo-random letters from a fixed seed. */
function incompressible(length: number): string {
  let seed = 12345;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out += String.fromCharCode(33 + (seed % 90));
  }
  return out;
}

describe('share links', () => {
  it('a gallery scenario travels by name, with the step', async () => {
    const link = await encodeLink({ kind: 'gallery', name: '02-three-coroutines-gathered.py' }, 12);
    expect(link).toEqual({ fits: true, fragment: 'gallery=02-three-coroutines-gathered.py&step=12' });
    expect(await decodeLink(`#${link.fragment}`)).toEqual({ kind: 'gallery', name: '02-three-coroutines-gathered.py', step: 12, marks: [] });
  });

  it('step 0 is left out of the link', async () => {
    expect((await encodeLink({ kind: 'gallery', name: 'a.py' }, 0)).fragment).toBe('gallery=a.py');
    expect(await decodeLink('gallery=a.py')).toEqual({ kind: 'gallery', name: 'a.py', step: 0, marks: [] });
  });

  it('edited text travels inside the link and comes back byte for byte', async () => {
    const source = 'import asyncio\n\nasync def main():\n    print("héllo “wörld” 🐍")\n\nasyncio.run(main())\n';
    const link = await encodeLink({ kind: 'code', name: 'my demo.py', source }, 7);
    expect(link.fits).toBe(true);
    expect(link.fragment).toMatch(/^name=my\+demo\.py&code=[A-Za-z0-9_-]+&step=7$/);
    expect(await decodeLink(link.fragment)).toEqual({ kind: 'code', name: 'my demo.py', source, step: 7, marks: [] });
  });

  it('every gallery scenario, as text, fits in a link', async () => {
    for (const name of SCENARIOS) {
      const link = await encodeLink({ kind: 'code', name, source: scenarioSource(name) }, 0);
      expect(link.fits, name).toBe(true);
    }
  });

  it('round-trips any text and any step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat({ max: 1_000_000 }), async (source, step) => {
        const link = await encodeLink({ kind: 'code', name: 'x.py', source }, step);
        expect(link.fits).toBe(true);
        expect(await decodeLink(link.fragment)).toEqual({ kind: 'code', name: 'x.py', source, step, marks: [] });
      }),
      { numRuns: 200 },
    );
  });

  it(`a text too long for ${MAX_FRAGMENT} characters is not put in the link; the link keeps its name and step`, async () => {
    const source = incompressible(MAX_FRAGMENT * 2);
    const link = await encodeLink({ kind: 'code', name: 'long.py', source }, 3);
    expect(link.fits).toBe(false);
    if (link.fits) return;
    expect(link.length).toBeGreaterThan(MAX_FRAGMENT);
    expect(link.fragment).toBe('name=long.py&step=3');
    expect(await decodeLink(link.fragment)).toEqual({ kind: 'named', name: 'long.py', step: 3, marks: [] });
  });

  it('a long but repetitive text still fits: the limit is on the link, not the text', async () => {
    const source = 'import asyncio\n' + '# a comment line that repeats\n'.repeat(2000);
    expect(source.length).toBeGreaterThan(MAX_FRAGMENT * 4);
    expect((await encodeLink({ kind: 'code', name: 'r.py', source }, 0)).fits).toBe(true);
  });

  it('a link cut short or mangled says so instead of opening garbage', async () => {
    const link = await encodeLink({ kind: 'code', name: 'x.py', source: 'print("a fairly long line of text to compress")\n'.repeat(5) }, 0);
    const cut = link.fragment.slice(0, link.fragment.length - 12);
    const decoded = await decodeLink(cut);
    expect(decoded?.kind).toBe('broken');
    expect(await decodeLink('name=x.py&code=not*base64')).toMatchObject({ kind: 'broken', message: expect.stringContaining('could not be read') });
  });

  it('refuses a small link that would unpack to megabytes', async () => {
    const bomb = await encodeLink({ kind: 'code', name: 'b.py', source: 'a'.repeat(3_000_000) }, 0);
    expect(bomb.fits).toBe(true);
    expect(await decodeLink(bomb.fragment)).toMatchObject({ kind: 'broken', message: expect.stringContaining('more than 1,000,000 bytes') });
  });

  it('names from a link are made safe; bad steps are 0; unknown fragments open nothing', async () => {
    expect(safeName('../../etc/passwd.py')).toBe('shared.py');
    expect(safeName('evil\u0000.py')).toBe('shared.py');
    expect(safeName('notes.txt')).toBe('shared.py');
    expect(safeName('.hidden.py')).toBe('shared.py');
    expect(safeName('Mon scénario.py')).toBe('Mon scénario.py');
    expect(await decodeLink('gallery=../x.py')).toMatchObject({ kind: 'broken' });
    expect(await decodeLink('gallery=a.py&step=-4')).toEqual({ kind: 'gallery', name: 'a.py', step: 0, marks: [] });
    expect(await decodeLink('gallery=a.py&step=1e9')).toEqual({ kind: 'gallery', name: 'a.py', step: 0, marks: [] });
    expect(await decodeLink('')).toBeNull();
    expect(await decodeLink('#')).toBeNull();
    expect(await decodeLink('utm_source=x')).toBeNull();
  });

  it('base64url has no padding and no + or /', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
  });
});

describe('bookmarks in a share link', () => {
  it('travel with the scenario and the step, notes and all, and come back in step order', async () => {
    const marks = [
      { step: 10, note: '' },
      { step: 3, note: 'the clock jumps: 1 s & more' },
    ];
    const link = await encodeLink({ kind: 'gallery', name: 'a.py' }, 4, marks);
    expect(link.fragment).toBe('gallery=a.py&step=4&mark=3%3Athe+clock+jumps%3A+1+s+%26+more&mark=10');
    expect(await decodeLink(link.fragment)).toEqual({ kind: 'gallery', name: 'a.py', step: 4, marks: [marks[1], marks[0]] });
    const code = await encodeLink({ kind: 'code', name: 'x.py', source: 'print(1)\n' }, 0, marks);
    expect(((await decodeLink(code.fragment)) as { marks: unknown }).marks).toEqual([marks[1], marks[0]]);
  });

  it('a malformed mark is skipped, a note is cleaned', async () => {
    expect(await decodeLink('gallery=a.py&mark=x&mark=-1&mark=2:%0Aline%07two')).toEqual({ kind: 'gallery', name: 'a.py', step: 0, marks: [{ step: 2, note: 'line two' }] });
  });
});
