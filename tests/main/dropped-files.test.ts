/**
 * Path vouching (issue 14): main opens a dropped path only with its proof, the bytes the page read
 * from the dropped File; and no way of opening a scenario follows a link to something that is not
 * one. A compromised renderer, which can send any path, must not read other .py files, follow a
 * link to /etc/passwd, or learn which files exist.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vouchForDrop, vouchForTraceDrop } from '../../main/electron/dropped-files.ts';
import { createPreloadApi } from '../../main/preload/api.ts';
import { TRACE_PROOF_SLICE, requests, type TraceDropProof } from '../../main/common/contract.ts';
import { FakeIpcRenderer } from './fake-ipc-renderer.ts';
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

/** The proof the preload computes for a dropped File of these bytes (what it sends to main). */
async function preloadProof(name: string, content: Uint8Array): Promise<TraceDropProof> {
  const ipc = new FakeIpcRenderer();
  ipc.responses = { 'scenario:open-dropped': true };
  const api = createPreloadApi(ipc, { getPathForFile: () => `/drops/${name}` }, () => {});
  await api.openDropped(new File([content], name));
  const [channel, [request]] = ipc.invoked[0] as [string, [{ path: string; trace: TraceDropProof }]];
  expect(channel).toBe('scenario:open-dropped');
  return request.trace;
}

describe('vouchForTraceDrop: a dropped saved trace, proved by the digests of its slices', () => {
  it('vouches for a trace whose every slice the page hashed, across slice boundaries and for an empty file', async () => {
    const dir = tempDir('loopscope-trace-drop-');
    // Two slices and five bytes: the proof has three digests, the last of a short slice.
    const big = new Uint8Array(2 * TRACE_PROOF_SLICE + 5).map((_, i) => (i * 31) & 0xff);
    for (const [name, content] of [['small.json', bytes('{"format":"loopscope-trace"}')], ['big.json', big], ['empty.json', new Uint8Array(0)]] as const) {
      writeFileSync(join(dir, name), content);
      const proof = await preloadProof(name, content);
      expect(proof.size).toBe(content.length);
      expect(proof.digests).toHaveLength(Math.max(1, Math.ceil(content.length / TRACE_PROOF_SLICE)));
      await expect(vouchForTraceDrop(join(dir, name), proof), name).resolves.toBe(join(dir, name));
    }
  });

  it('refuses every forged trace drop with the same message', async () => {
    const { dir, scenario } = disk();
    const trace = bytes('{"format":"loopscope-trace","version":2}');
    writeFileSync(join(dir, 'run.json'), trace);
    writeFileSync(join(dir, 'private.json'), bytes('{"token":"hunter2"}'));
    symlinkSync(join(dir, 'passwd'), join(dir, 'passwd.json'));
    symlinkSync(join(dir, 'lesson.py'), join(dir, 'lesson.json'));
    const good = await preloadProof('run.json', trace);
    const forged: [string, TraceDropProof][] = [
      [join(dir, 'private.json'), good], // another file, with some other file's proof
      [join(dir, 'private.json'), { size: 19, digests: ['0'.repeat(64)] }], // the right size, a guessed digest
      [join(dir, 'run.json'), { size: good.size + 1, digests: good.digests }], // the wrong size
      [join(dir, 'run.json'), { size: good.size, digests: [...good.digests, good.digests[0]!] }], // a slice too many
      [join(dir, 'missing.json'), good], // does it exist? the answer must not say
      [join(dir, 'passwd.json'), await preloadProof('passwd.json', bytes('root:x:0:0:root:/root:/bin/bash\n'))], // a link out, even with its bytes
      [join(dir, 'lesson.json'), await preloadProof('lesson.json', bytes(scenario))], // a link to a scenario is not a trace
    ];
    for (const [path, proof] of forged) {
      const refusal = await vouchForTraceDrop(path, proof).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal, path).toBeInstanceOf(ScenarioFileError);
      expect((refusal as Error).message, path).toMatch(REFUSED);
    }
    // Changed after the drop: the proof of the old bytes no longer holds.
    writeFileSync(join(dir, 'run.json'), bytes('{"format":"loopscope-trace","version":3}'));
    await expect(vouchForTraceDrop(join(dir, 'run.json'), good)).rejects.toThrow(REFUSED);
  });

  it('the contract takes a proof of well-formed digests only', () => {
    const request = requests['scenario:open-dropped'].request;
    const digest = 'ab'.repeat(32);
    expect(request.safeParse({ path: '/a/run.json', trace: { size: 3, digests: [digest] } }).success).toBe(true);
    for (const trace of [{ size: 3, digests: [] }, { size: 3, digests: ['AB'.repeat(32)] }, { size: -1, digests: [digest] }, { size: 3, digests: Array(5000).fill(digest) }]) {
      expect(request.safeParse({ path: '/a/run.json', trace }).success, JSON.stringify(trace).slice(0, 60)).toBe(false);
    }
  });

  it('says plainly when the name is not a trace', async () => {
    await expect(vouchForTraceDrop('/etc/shadow', { size: 1, digests: ['0'.repeat(64)] })).rejects.toThrow(/saved traces \(\.json\) and scenarios \(\.py\); “shadow” is neither/);
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
