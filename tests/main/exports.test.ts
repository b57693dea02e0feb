/** Saving an export from the desktop app: the Save dialog's name and filter, the write, cancel, a failed write, and the contract's checks. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportFile, MAX_EXPORT_BYTES } from '../../main/common/contract.ts';
import { EXPORT_FILTERS, saveExport, suggestedExportName } from '../../main/electron/exports.ts';

const picture = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');

describe('saving an export', () => {
  it('suggests the page’s name in the last folder, with the kind’s extension and filter, and writes the bytes where the person chose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-export-'));
    try {
      const asked: [string, { name: string; extensions: string[] }][] = [];
      const result = await saveExport(
        { name: 'counter.svg', kind: 'svg', bytes: picture },
        {
          chooseExportPath: async (suggested, filter) => {
            asked.push([suggested, filter]);
            return join(dir, 'chosen.svg');
          },
          reportError: () => {
            throw new Error('no error expected');
          },
          defaultFolder: () => '/home/ada/Documents',
        },
      );
      expect(result).toBe('saved');
      expect(asked).toEqual([[join('/home/ada/Documents', 'counter.svg'), { name: 'SVG pictures', extensions: ['svg'] }]]);
      expect(readFileSync(join(dir, 'chosen.svg'))).toEqual(Buffer.from(picture));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds the extension a name lacks, and keeps one it has', () => {
    expect(suggestedExportName({ name: 'counter', kind: 'gif' })).toBe('counter.gif');
    expect(suggestedExportName({ name: 'counter.perfetto.json', kind: 'json' })).toBe('counter.perfetto.json');
    expect(suggestedExportName({ name: 'steps.ZIP', kind: 'zip' })).toBe('steps.ZIP');
    for (const kind of ExportFile.shape.kind.options) expect(EXPORT_FILTERS[kind].extensions.length).toBeGreaterThan(0);
  });

  it('cancelled: nothing written; a failed write: said to the person, "failed" to the page', async () => {
    let wrote = false;
    const cancelled = await saveExport({ name: 'a.png', kind: 'png', bytes: picture }, { chooseExportPath: async () => null, reportError: () => {}, defaultFolder: () => '/tmp', write: async () => void (wrote = true) });
    expect(cancelled).toBe('cancelled');
    expect(wrote).toBe(false);
    const reported: string[] = [];
    const failed = await saveExport(
      { name: 'a.png', kind: 'png', bytes: picture },
      {
        chooseExportPath: async () => '/nowhere/a.png',
        reportError: (title, message) => reported.push(`${title}: ${message}`),
        defaultFolder: () => '/tmp',
        write: async () => {
          throw new Error('EACCES: permission denied');
        },
      },
    );
    expect(failed).toBe('failed');
    expect(reported).toEqual(['Could not export a.png: EACCES: permission denied']);
  });

  it('the contract refuses a path for a name, an unknown kind and bytes over the limit', () => {
    expect(ExportFile.safeParse({ name: 'a.svg', kind: 'svg', bytes: picture }).success).toBe(true);
    expect(ExportFile.safeParse({ name: '../../etc/passwd', kind: 'svg', bytes: picture }).success).toBe(false);
    expect(ExportFile.safeParse({ name: 'C:\\x.svg', kind: 'svg', bytes: picture }).success).toBe(false);
    expect(ExportFile.safeParse({ name: 'a.exe', kind: 'exe', bytes: picture }).success).toBe(false);
    expect(ExportFile.safeParse({ name: 'a.svg', kind: 'svg', bytes: 'text' }).success).toBe(false);
    expect(ExportFile.safeParse({ name: 'big.gif', kind: 'gif', bytes: new Uint8Array(MAX_EXPORT_BYTES + 1) }).success).toBe(false);
  });
});
