/**
 * The document main keeps: when it has unsaved changes (line breaks do not count, an empty
 * untitled buffer has nothing to lose), the bytes a save writes (the file's own line breaks and
 * byte order mark), the title's marker and untitled names.
 */
import { describe, expect, it } from 'vitest';
import { NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { lineBreakOf, ScenarioDocument, untitledName, type DiskVersion } from '../../main/electron/document.ts';
import { fingerprintOf } from '../../main/electron/file-fingerprint.ts';

const version = (source: string, bom = false): DiskVersion => ({ source, bom, fingerprint: fingerprintOf(Buffer.from(source), { mtimeMs: 1 }) });

const fileDocument = (source: string, bom = false) =>
  new ScenarioDocument({ id: 1, kind: 'file', path: '/home/ada/a.py', name: 'a.py', display: '/home/ada/a.py', basis: version(source, bom), pristine: source });

describe('ScenarioDocument', () => {
  it('is dirty when the editor’s text differs from the file’s, line breaks aside', () => {
    const document = fileDocument('x = 1\r\ny = 2\r\n');
    expect(document.dirty).toBe(false);
    document.edit('x = 1\ny = 2\n'); // the editor shows CRLF as "\n"
    expect(document.dirty).toBe(false);
    document.edit('x = 1\ny = 3\n');
    expect(document.dirty).toBe(true);
    document.edit('x = 1\ny = 2\n'); // undone
    expect(document.dirty).toBe(false);
  });

  it('writes the file’s own line breaks and byte order mark back', () => {
    expect(fileDocument('a\r\nb\r\n').encode('a\nb\nc\n').toString()).toBe('a\r\nb\r\nc\r\n');
    expect(fileDocument('a\nb\n').encode('a\r\nb\n').toString()).toBe('a\nb\n');
    expect([...fileDocument('a\n', true).encode('é\n')]).toEqual([0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0x0a]);
    const untitled = new ScenarioDocument({ id: 2, kind: 'untitled', path: null, name: 'Untitled-1', display: 'Untitled-1', basis: null, pristine: 'x' });
    expect(untitled.encode('a\r\nb').toString()).toBe('a\nb');
  });

  it('an untitled document is dirty once it differs from the template, unless it is blank', () => {
    const document = new ScenarioDocument({ id: 2, kind: 'untitled', path: null, name: 'Untitled-1', display: 'Untitled-1', basis: null, pristine: NEW_SCENARIO_SOURCE });
    expect(document.dirty).toBe(false);
    expect(document.savesInPlace).toBe(false);
    document.edit(`${NEW_SCENARIO_SOURCE}# more\n`);
    expect(document.dirty).toBe(true);
    document.edit('  \n');
    expect(document.dirty).toBe(false);
  });

  it('a restored buffer with nothing to compare it with stays unsaved', () => {
    const document = new ScenarioDocument({ id: 3, kind: 'untitled', path: null, name: 'Untitled-2', display: 'Untitled-2', basis: null, pristine: null, buffer: 'print(1)\n' });
    expect(document.dirty).toBe(true);
    expect(document.text).toBe('print(1)\n');
  });

  it('after a save it is that file, clean, with a marker-free title', () => {
    const document = new ScenarioDocument({ id: 2, kind: 'gallery', path: '/app/scenarios/01.py', name: '01.py', display: 'scenarios/01.py', basis: version('a\n'), pristine: 'a\n' });
    document.edit('b\n');
    expect(document.title('Loopscope')).toBe('● 01.py — Loopscope');
    expect(document.savesInPlace).toBe(false);
    document.saved('/home/ada/mine.py', version('b\n'));
    expect(document).toMatchObject({ kind: 'file', path: '/home/ada/mine.py', name: 'mine.py', display: '/home/ada/mine.py', buffer: null, dirty: false });
    expect(document.savesInPlace).toBe(true);
    expect(document.title('Loopscope')).toBe('mine.py — Loopscope');
  });

  it('detects line breaks from the first one, as editors do', () => {
    expect(lineBreakOf('a\r\nb\nc')).toBe('\r\n');
    expect(lineBreakOf('a\nb\r\n')).toBe('\n');
    expect(lineBreakOf('one line')).toBe('\n');
  });
});

describe('untitledName', () => {
  it('takes the lowest free number', () => {
    expect(untitledName([])).toBe('Untitled-1');
    expect(untitledName(['Untitled-1', 'Untitled-3'])).toBe('Untitled-2');
  });
});
