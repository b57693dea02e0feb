/**
 * The CLI's BackgroundWriter: bytes written from a helper thread arrive whole and in order, the
 * caller may reuse its buffer at once, and a failed write surfaces as a WriteError instead of a
 * hang.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, test } from 'vitest';
import { BackgroundWriter, WriteError } from '../../main/cli/background-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'loopscope-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('many writes of every size, through a ring of three small slots, arrive whole and in order', () => {
  const path = join(dir, 'out.bin');
  const fd = openSync(path, 'w');
  const writer = new BackgroundWriter(fd, 3, 1024);
  const expected: number[] = [];
  const reused = new Uint8Array(5000);
  let seed = 17;
  for (let n = 0; n < 400; n++) {
    seed = (seed * 48271) % 2147483647;
    const size = n % 50 === 0 ? 4096 + (seed % 900) : seed % 1500; // some span several slots
    for (let i = 0; i < size; i++) reused[i] = (n * 31 + i) & 255;
    for (let i = 0; i < size; i++) expected.push(reused[i] as number);
    writer.write(reused.subarray(0, size)); // then overwritten by the next round at once
  }
  writer.finish();
  closeSync(fd);
  expect(Buffer.compare(readFileSync(path), Buffer.from(expected))).toBe(0);
});

test('numbers are written as the JSON writer spells them, between bytes, in order', () => {
  const path = join(dir, 'ints.txt');
  const fd = openSync(path, 'w');
  const writer = new BackgroundWriter(fd, 3, 64); // 16 integers or 8 floats a slot: runs span several
  let expected = '';
  let seed = 5;
  for (let n = 0; n < 300; n++) {
    seed = (seed * 48271) % 2147483647;
    if (n % 3 === 0) {
      const text = `[${n}]`;
      writer.write(Buffer.from(text));
      expected += text;
    } else {
      const values = Int32Array.from({ length: seed % 40 }, (_, i) => (i % 5 === 0 ? -seed : seed >> i % 31) | 0);
      const afterOthers = n % 2 === 0;
      writer.ints(values, afterOthers);
      expected += (afterOthers && values.length > 0 ? ',' : '') + Array.from(values).join(',');
    }
  }
  writer.ints(Int32Array.of(-2147483648, 2147483647, 0, 100_000_000, 99_999_999, 10_000, 9999), true);
  expected += ',-2147483648,2147483647,0,100000000,99999999,10000,9999';
  // Floats are held until writeHeldFloats, while other writes go on.
  const floats = Float64Array.from({ length: 50 }, (_, i) => (i - 20) / 3);
  writer.holdFloats(floats.subarray(0, 17), false);
  writer.write(Buffer.from('[before]'));
  writer.holdFloats(floats.subarray(17), true);
  writer.writeHeldFloats();
  writer.write(Buffer.from('[after]'));
  expected += `[before]${Array.from(floats).join(',')}[after]`;
  writer.finish();
  closeSync(fd);
  expect(readFileSync(path, 'utf8')).toBe(expected);
});

test('idle() is false while queued bytes wait to be written, and true once they are', async () => {
  // A FIFO opened read-write (Linux) takes 64 KiB, then blocks the thread's write until read.
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const fd = openSync(fifo, 'r+');
  const writer = new BackgroundWriter(fd, 2, 1 << 16);
  const sent = Buffer.alloc(3 << 16, 7);
  writer.write(sent.subarray(0, 1 << 16));
  writer.write(sent.subarray(1 << 16));
  expect(writer.idle()).toBe(false);
  await sleep(200);
  expect(writer.idle()).toBe(false); // still blocked: nobody reads
  const reader = openSync(fifo, 'r');
  const got = Buffer.alloc(sent.length);
  let read = 0;
  while (read < sent.length) read += readSync(reader, got, read, sent.length - read, null);
  for (let waited = 0; !writer.idle() && waited < 5000; waited += 10) await sleep(10);
  expect(writer.idle()).toBe(true);
  expect(Buffer.compare(got, sent)).toBe(0);
  writer.finish();
  closeSync(reader);
  closeSync(fd);
});

test('slots must hold whole integers', () => {
  expect(() => new BackgroundWriter(1, 2, 1020)).toThrow('multiple of 8');
});

test('a descriptor that cannot be written gives a WriteError, not a hang', () => {
  const path = join(dir, 'read-only.bin');
  closeSync(openSync(path, 'w'));
  const fd = openSync(path, 'r');
  const writer = new BackgroundWriter(fd, 2, 64);
  let error: unknown = null;
  try {
    for (let n = 0; n < 100; n++) writer.write(new Uint8Array(64));
    writer.finish();
  } catch (e) {
    error = e;
  }
  closeSync(fd);
  expect(error).toBeInstanceOf(WriteError);
  expect((error as WriteError).brokenPipe).toBe(false);
});
