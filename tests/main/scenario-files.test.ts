/**
 * Which files may be opened, how reading them fails, and the gallery's titles from docstrings.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listGallery,
  MAX_SCENARIO_BYTES,
  parseDocstring,
  readScenarioFile,
  resolveGalleryFile,
  ScenarioFileError,
  titleFromFileName,
  validateScenarioPath,
} from '../../main/electron/scenario-files.ts';
import { GalleryEntry } from '../../main/common/contract.ts';
import { GALLERY, tempDir } from './support.ts';

describe('validateScenarioPath', () => {
  it('resolves relative paths against the given working folder', () => {
    expect(validateScenarioPath('demo/counter.py', '/home/ada')).toBe('/home/ada/demo/counter.py');
    expect(validateScenarioPath('/tmp/x/../y.py', '/')).toBe('/tmp/y.py');
    expect(validateScenarioPath('/tmp/LOUD.PY')).toBe('/tmp/LOUD.PY');
  });

  it.each([
    ['notes.txt', /Python scenario files \(\.py\); “notes\.txt” is not one/],
    ['../../etc/passwd', /“passwd” is not one/],
    ['script.py.bak', /is not one/],
    ['', /No file was given/],
    ['   ', /No file was given/],
    ['evil\0.py', /NUL/],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => validateScenarioPath(input, '/work')).toThrow(ScenarioFileError);
    expect(() => validateScenarioPath(input, '/work')).toThrow(message);
  });
});

describe('readScenarioFile', () => {
  it('reads UTF-8 and drops a byte-order mark', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bom.py'), '\uFEFFprint("héllo")\n');
    expect(await readScenarioFile(join(dir, 'bom.py'))).toMatchObject({ path: join(dir, 'bom.py'), source: 'print("héllo")\n', bom: true });
    writeFileSync(join(dir, 'plain.py'), 'print("héllo")\n');
    expect(await readScenarioFile(join(dir, 'plain.py'))).toMatchObject({ source: 'print("héllo")\n', bom: false });
  });

  it('fingerprints the bytes it read: size, modification time and SHA-256', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    const { fingerprint } = await readScenarioFile(join(dir, 'a.py'));
    expect(fingerprint).toEqual({ size: 6, mtimeMs: statSync(join(dir, 'a.py')).mtimeMs, sha256: createHash('sha256').update('x = 1\n').digest('hex') });
  });

  it('explains each way a file cannot be read', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder.py'));
    writeFileSync(join(dir, 'latin1.py'), Buffer.from([0x70, 0x72, 0x69, 0x6e, 0x74, 0xe9, 0x0a]));
    writeFileSync(join(dir, 'huge.py'), Buffer.alloc(MAX_SCENARIO_BYTES + 1, 0x20));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    await expect(readScenarioFile(join(dir, 'missing.py'))).rejects.toThrow(/There is no file “.*missing\.py”/);
    await expect(readScenarioFile(join(dir, 'folder.py'))).rejects.toThrow(/is a folder, not a scenario file/);
    await expect(readScenarioFile(join(dir, 'latin1.py'))).rejects.toThrow(
      /“latin1\.py” is not UTF-8 text: the byte 0xE9 at line 1, column 6 is not valid UTF-8 .* save the file as UTF-8 in your editor .* and open it again/,
    );
    await expect(readScenarioFile(join(dir, 'huge.py'))).rejects.toThrow(
      /“huge\.py” is 1\.0 MB; Loopscope opens scenarios of up to 1\.0 MB\. A scenario is a short teaching example: open a smaller file, or cut this one down/,
    );
    await expect(readScenarioFile(join(dir, 'notes.txt'))).rejects.toThrow(/is not one/);
    await expect(readScenarioFile(join(dir, 'missing.py'))).rejects.toBeInstanceOf(ScenarioFileError);
  });

  it('refuses binary files and UTF-16 text, saying what to open instead', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'image.py'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    writeFileSync(join(dir, 'compiled.py'), Buffer.concat([Buffer.from('print("hi")\n'), Buffer.from([0, 1, 2])]));
    writeFileSync(join(dir, 'utf16.py'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('print(1)\n', 'utf16le')]));
    await expect(readScenarioFile(join(dir, 'compiled.py'))).rejects.toThrow(/“compiled\.py” looks like a binary file \(it contains a NUL byte at offset 12\), not Python source\. Open the scenario’s \.py text file instead\./);
    await expect(readScenarioFile(join(dir, 'image.py'))).rejects.toThrow(/looks like a binary file/);
    await expect(readScenarioFile(join(dir, 'utf16.py'))).rejects.toThrow(/“utf16\.py” is UTF-16 text\. Python reads its source as UTF-8: save the file as UTF-8/);
  });

  it('says on which line and column a file stops being UTF-8', async () => {
    const dir = tempDir();
    // Windows-1252 quotes after a line of valid UTF-8 with a multi-byte character.
    writeFileSync(join(dir, 'pasted.py'), Buffer.concat([Buffer.from('# café\nprint('), Buffer.from([0x93]), Buffer.from('hi'), Buffer.from([0x94]), Buffer.from(')\n')]));
    await expect(readScenarioFile(join(dir, 'pasted.py'))).rejects.toThrow(/the byte 0x93 at line 2, column 7 is not valid UTF-8/);
  });
});

describe('resolveGalleryFile', () => {
  it('resolves a plain name inside the gallery folder', () => {
    expect(resolveGalleryFile('/app/scenarios', '01-counter.py')).toBe('/app/scenarios/01-counter.py');
    expect(resolveGalleryFile('/app/scenarios/', 'a.b-c_d.py')).toBe('/app/scenarios/a.b-c_d.py');
  });

  it.each(['../../etc/passwd', '../secret.py', '..', '../x.py', 'sub/x.py', 'sub\\x.py', '/etc/x.py', '.hidden.py', '..py', 'x.txt', '', 'x.py\0'])(
    'refuses %j',
    (name) => {
      expect(() => resolveGalleryFile('/app/scenarios', name)).toThrow(ScenarioFileError);
      expect(() => resolveGalleryFile('/app/scenarios', name)).toThrow(/is not the name of a gallery scenario/);
    },
  );
});

describe('listGallery', () => {
  it('lists every scenario of scenarios/ with a title and a description, valid under the contract', async () => {
    const gallery = await listGallery(GALLERY);
    const files = readdirSync(GALLERY).filter((name) => name.endsWith('.py'));
    expect(gallery.map((entry) => entry.name)).toEqual(files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    for (const entry of gallery) {
      expect(GalleryEntry.parse(entry)).toEqual(entry);
      expect(entry.title.length, entry.name).toBeGreaterThan(3);
      expect(entry.title, entry.name).not.toContain('\n');
      expect(entry.description.length, entry.name).toBeGreaterThan(20);
    }
    expect(gallery.find((entry) => entry.name.startsWith('01-'))).toEqual({
      name: '01-counter-sequential-vs-gathered.py',
      title: 'Counter: sequential vs gathered',
      description:
        'Three counters each print their number and wait one second. Awaited one after another they need 3 seconds; handed to asyncio.gather their waits overlap and the same work takes 1 second.',
    });
  });

  it('skips what is not a scenario and orders numbers naturally', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '10-ten.py'), '"""Ten"""\n');
    writeFileSync(join(dir, '9-nine.py'), '# no docstring\nprint(1)\n');
    writeFileSync(join(dir, 'README.md'), '# not python');
    writeFileSync(join(dir, '.hidden.py'), '"""Hidden"""');
    writeFileSync(join(dir, 'has space.py'), '"""Bad name"""');
    mkdirSync(join(dir, 'folder.py'));
    symlinkSync('/etc/passwd', join(dir, 'link.py'));
    expect(await listGallery(dir)).toEqual([
      { name: '9-nine.py', title: 'Nine', description: '' },
      { name: '10-ten.py', title: 'Ten', description: '' },
    ]);
  });

  it('shows an empty gallery when the folder is missing', async () => {
    expect(await listGallery(join(tempDir(), 'nope'))).toEqual([]);
  });
});

describe('parseDocstring', () => {
  it.each<[string, string, { title: string; description: string } | null]>([
    ['triple double quotes', '"""Title\nFirst line\nsecond line.\n"""\nimport asyncio\n', { title: 'Title', description: 'First line second line.' }],
    ['triple single quotes', "'''Title'''\n", { title: 'Title', description: '' }],
    ['raw prefix keeps backslashes', 'r"""Paths\nC:\\new\\table"""', { title: 'Paths', description: 'C:\\new\\table' }],
    ['escapes in a plain string', '"""Say \\"hi\\"\nline\\\ncontinued"""', { title: 'Say "hi"', description: 'linecontinued' }],
    ['after a shebang, comments and blank lines', '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\n"""Title\nBody"""', { title: 'Title', description: 'Body' }],
    ['title on the line after the quotes', '"""\n    Title here\n\n    Para one\n    wraps.\n\n    Para two.\n    """', { title: 'Title here', description: 'Para one wraps.\n\nPara two.' }],
    ['an assignment first', 'def_ = 1\n', null],
    ['CRLF line endings', '"""Title\r\nBody line\r\n"""\r\n', { title: 'Title', description: 'Body line' }],
    ['byte-order mark', '\uFEFF"""Title"""', { title: 'Title', description: '' }],
    ['single-quoted one-liner', "'Just a title'\n", { title: 'Just a title', description: '' }],
    ['unterminated', '"""Title\nnever closed\n', null],
    ['single quote cut by a newline', '"Title\n"', null],
    ['code first', 'import asyncio\n"""Not a docstring"""', null],
    ['empty docstring', '""""""\n', null],
    ['f-string is not a docstring', 'f"""Title"""', null],
  ])('%s', (_name, source, expected) => {
    expect(parseDocstring(source)).toEqual(expected);
  });
});

describe('titleFromFileName', () => {
  it.each([
    ['01-counter-sequential-vs-gathered.py', 'Counter sequential vs gathered'],
    ['my_scenario.py', 'My scenario'],
    ['7.py', '7.py'],
  ])('%s → %s', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });
});
