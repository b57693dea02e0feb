/**
 * Stop while a long run's next model is on its way (through the Electron host, a fake preload):
 * the page wraps a run's next model in the task of its message and shows it in the next task
 * (Session.openSoon). A Stop pressed in between (input runs before that task) must stop the run at
 * that newest model, not drop it and stop at the one before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startBrowser, type BrowserFixture } from './support.ts';
import { emit, loaded, openDesktopPage, progress } from './fake-preload.ts';

const FILE = '/home/teacher/long.py';
/** A run of `rounds` sleeps: the longer, the more steps. */
const source = (rounds: number): string => `import asyncio


async def main():
    for i in range(${rounds}):
        await asyncio.sleep(0.1)
        print(i)


asyncio.run(main())
`;
/** A model of run 7 still going, as main sends it: `partial`, with the run's number. */
const partial = (rounds: number) => ({ ...loaded(FILE, source(rounds)), partial: true, run: 7 });

if (skipReason !== null) console.log(`tests/browser/live-stop.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('Stop and the model on its way', () => {
  let fixture: BrowserFixture;
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it("a Stop pressed as the run's next model arrives stops the run at that model", async () => {
    const { context, page, problems } = await openDesktopPage(fixture);
    const steps = () => page.getByRole('slider', { name: 'Cursor' }).getAttribute('aria-valuemax');
    const first = partial(2);
    await progress(page, FILE);
    await emit(page, first);
    await expect.poll(steps).toBe(String(stepsOf(first)));
    await progress(page, FILE);
    await expect.poll(() => page.getByRole('button', { name: /^Stop/ }).count()).toBe(1);

    // The next model and Esc in one go: the key is handled before the model's own task.
    const next = partial(6);
    await page.evaluate((s) => {
      const w = globalThis as unknown as { __emit(s: unknown): void; dispatchEvent(e: unknown): boolean; KeyboardEvent: new (type: string, init: object) => unknown };
      w.__emit(s);
      w.dispatchEvent(new w.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    }, next);
    await expect.poll(steps).toBe(String(stepsOf(next)));
    expect(stepsOf(first)).toBeLessThan(stepsOf(next));
    // Stopped: nothing runs any more, and a model that comes late (a stale message) changes nothing.
    expect(await page.getByRole('button', { name: /^Stop/ }).count()).toBe(0);
    await page.waitForTimeout(100);
    expect(await steps()).toBe(String(stepsOf(next)));
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** The steps of an emitted run (as the page counts them: the trace's `steps`). */
function stepsOf(scenario: ReturnType<typeof partial>): number {
  const { outcome } = scenario;
  return 'trace' in outcome && outcome.trace !== undefined ? outcome.trace.steps : -1;
}
