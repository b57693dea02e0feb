/**
 * The output console's lines: stderr (logging, print(file=sys.stderr)) and worker threads' lines
 * are shown among the printed ones, marked with their stream, at their step and task or thread.
 */
import { describe, expect, test } from 'vitest';
import { buildModel } from '../../renderer/viz/model.ts';
import { py, traceOfSource } from './support.ts';

describe('the output console shows stderr and thread lines', () => {
  test('logging goes to stderr, marked, between the printed lines, with its task', () => {
    const model = buildModel(
      traceOfSource(
        py(`
          import asyncio
          import logging
          import sys
          logging.basicConfig(format="%(levelname)s %(message)s")
          async def work():
              print("before")
              logging.warning("careful")
              await asyncio.sleep(1)
              print("oops", file=sys.stderr)
              print("after")
          async def main():
              await asyncio.create_task(work(), name="worker")
          asyncio.run(main())
        `),
      ),
    );
    expect(model.outputs.map((o) => [o.timeText, o.taskName, o.stream, o.text])).toEqual([
      ['0.000', 'worker', 'stdout', 'before'],
      ['0.000', 'worker', 'stderr', 'WARNING careful'],
      ['1.000', 'worker', 'stderr', 'oops'],
      ['1.000', 'worker', 'stdout', 'after'],
    ]);
    // In the order written: each line becomes visible no earlier than the one before it.
    const from = model.outputs.map((o) => o.visibleFrom);
    expect([...from].sort((a, b) => a - b)).toEqual(from);
  });

  test("a worker thread's line is under the thread's name", () => {
    const model = buildModel(
      traceOfSource(
        py(`
          import asyncio
          import time
          def blocking():
              time.sleep(0.5)
              print("in the thread")
          async def main():
              await asyncio.to_thread(blocking)
              print("back")
          asyncio.run(main())
        `),
      ),
    );
    expect(model.outputs.map((o) => [o.timeText, o.taskName, o.stream, o.text])).toEqual([
      ['0.500', 'asyncio_0', 'stdout', 'in the thread'],
      ['0.500', 'Task-1', 'stdout', 'back'],
    ]);
  });
});
