/**
 * Path vouching (issue 14): main opens a dropped path only with its proof, the bytes the page read
 * from the dropped File; and no way of opening a scenario follows a link to something that is not
 * one. A compromised renderer, which can send any path, must not read other .py files, follow a
 * link to /etc/passwd, or learn which files exist.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vouchForDrop } from '../../main/electron/dropped-files.ts';
import { MAX_SCENARIO_BYTES, readScenarioFile, ScenarioFileError } from '../../main/electron/scenario-files.ts';
import { tempDir } from './support.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A folder with a scenario, a private file, and links in and out. */
function disk() {
  const dir = tempDir('loopscope-drop-');
  const scenario = 'import asyncio\nprint("dropped")\n';
  writeFileSync(join(dir, 'lesson.py'), scenario);
  writeFileSync(join(dir, 'secret.py'), 'API_KEY = "hunter2"\n');
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  mkdirSync(join(dir, 'folder.py'));
  symlinkSync(join(dir, 'passwd'), join(dir, 'passwd.py'));
  symlinkSync(join(dir, 'lesson.py'), join(dir, 'alias.py'));
  symlinkSync(join(dir, 'nowhere.py'), join(dir, 'dangling.py'));
  return { dir, scenario };
}

/** The one message every refused drop gets, whatever the reason on disk. */
const REFUSED = /^Loopscope could not open the dropped file “[^”]+”: it changed after it was dropped, or it cannot be read\. Open it with File ▸ Open\.$/;

describe('vouchForDrop', () => {
  it('vouches for a dropped file whose bytes the page read', async () => {
    const { dir, scenario } = disk();
    await expect(vouchForDrop(join(dir, 'lesson.py'), bytes(scenario))).resolves.toBe(join(dir, 'lesson.py'));
    // A link to a scenario is a scenario.
    await expect(vouchForDrop(join(dir, 'alias.py'), bytes(scenario))).resolves.toBe(join(dir, 'alias.py'));
  });

  it('refuses every forged drop with the same message, so nothing about the disk leaks back', async () => {
    const { dir, scenario } = disk();
    const forged: [string, Uint8Array][] = [
      [join(dir, 'secret.py'), bytes('guess')], // another .py, without its bytes
      [join(dir, 'secret.py'), bytes('API_KEY = "hunter3"\n')], // same length, one byte off
      [join(dir, 'secret.py'), new Uint8Array(0)], // empty proof
      [join(dir, 'missing.py'), bytes(scenario)], // does it exist? the answer must not say
      [join(dir, 'passwd.py'), bytes('root:x:0:0:root:/root:/bin/bash\n')], // a link out, even with its bytes
      [join(dir, 'dangling.py'), bytes(scenario)],
      [join(dir, 'folder.py'), new Uint8Array(0)],
      [join(dir, 'lesson.py'), bytes(`${scenario}# edited since\n`)], // changed after the drop
    ];
    for (const [path, content] of forged) {
      const refusal = await vouchForDrop(path, content).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal, path).toBeInstanceOf(ScenarioFileError);
      expect((refusal as Error).message, path).toMatch(REFUSED);
    }
  });

  it('says plainly what it can tell without the disk: not a .py file, too large', async () => {
    const { dir } = disk();
    await expect(vouchForDrop(join(dir, 'passwd'), bytes('root'))).rejects.toThrow(/Python scenario files \(\.py\); “passwd” is not one/);
    await expect(vouchForDrop('/etc/shadow', bytes('x'))).rejects.toThrow(/“shadow” is not one/);
    await expect(vouchForDrop(join(dir, 'big.py'), new Uint8Array(MAX_SCENARIO_BYTES + 1))).rejects.toThrow(/larger than 1,000,000 bytes/);
  });
});

describe('readScenarioFile: links', () => {
  it('follows a link to a .py file', async () => {
    const { dir, scenario } = disk();
    expect((await readScenarioFile(join(dir, 'alias.py'))).source).toBe(scenario);
  });

  it('refuses a .py link to a file that is not a scenario, whoever asks (dialog, command line, recent files)', async () => {
    const { dir } = disk();
    await expect(readScenarioFile(join(dir, 'passwd.py'))).rejects.toThrow(/“passwd\.py” is a link to “.*passwd”, which is not a Python scenario file \(\.py\)\./);
    await expect(readScenarioFile(join(dir, 'dangling.py'))).rejects.toThrow(/There is no file/);
  });
});
