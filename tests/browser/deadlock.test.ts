/**
 * The two-lock deadlock (17-deadlock-two-locks.py) in Chromium against the web build: the Deadlock
 * panel says which task waits for what and names the cycle, exactly as the trace's wait-for graph
 * (trace.end.graph) has it, and the lanes of the tasks in the cycle are marked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, openFromGallery, screenshot, skipReason } from './support.ts';
import { appPages } from './app-pages.ts';
import { Expected, readUi } from './ui.ts';
import { expectPageAt } from './expect-page.ts';

const NAME = '17-deadlock-two-locks.py';
const TITLE = 'Deadlock: two locks, opposite order';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');

if (skipReason !== null) console.log(`tests/browser/deadlock.test.ts ${skipReason}`);

describe.skipIf(skipReason !== null)('the two-lock deadlock, explained in the browser', () => {
  const expected = new Expected(SOURCE, `scenarios/${NAME}`);
  const end = expected.trace.end;
  const pages = appPages();

  it('names each blocked task, what it waits for, and the cycle; marks the cycle on the lanes', async () => {
    // What the scheduler says happened: alice and bob each hold the lock the other wants.
    if (end?.kind !== 'deadlock') throw new Error(`expected a deadlock, the run ended ${end?.kind}`);
    const { blocked, cycle } = end.graph;
    expect(cycle).toEqual(['alice', 'bob']);
    expect(blocked.map((b) => b.task)).toEqual(['Task-1', 'alice', 'bob']);

    const page = await pages.fresh();
    await openFromGallery(page, TITLE, NAME);

    // The panel shows at once, at step 0, with a way to the place where it hangs.
    const panel = page.getByRole('region', { name: 'Deadlock' });
    await panel.waitFor();
    expect(await panel.getByRole('listitem').allTextContents()).toEqual(blocked.map((b) => `${b.task} waits for ${b.awaits.label}`));
    expect(await panel.getByRole('listitem').allTextContents()).toContain('alice waits for vault (held by bob)');
    expect(await panel.getByText(/^Cycle:/).textContent()).toBe(`Cycle: ${[...cycle!, cycle![0]].join(' → ')}`);
    expect(await panel.getByText(/^Cycle:/).textContent()).toBe('Cycle: alice → bob → alice');
    // The tasks of the cycle are set apart in the list.
    const inCycle = await panel.getByRole('listitem').evaluateAll((els: { className: string; textContent: string | null }[]) =>
      els.filter((e) => e.className.split(/\s+/).includes('cycle')).map((e) => e.textContent),
    );
    expect(inCycle).toEqual(['alice waits for vault (held by bob)', 'bob waits for ledger (held by alice)']);

    await page.getByRole('button', { name: 'Show where it hangs' }).click();
    await expectPageAt(page, expected, expected.steps);
    await expect.poll(() => page.getByRole('button', { name: 'Show where it hangs' }).count()).toBe(0);

    // The lanes at the end: every blocked task waits, labelled with what it waits for; the cycle's
    // lanes, and only those, are marked.
    const lanes = (await readUi(page)).lanes;
    const tasks = new Map(expected.tasks.map((task) => [task.name, task]));
    for (const b of blocked) {
      const lane = lanes.find((l) => l.task === b.task);
      expect(lane, b.task).toBeDefined();
      expect(lane!.state).toBe('waiting');
      expect(lane!.label).toBe(`${b.task}, ${tasks.get(b.task)!.coro}: ${b.awaits.label}`);
    }
    expect(lanes.filter((l) => l.cycle).map((l) => l.task)).toEqual(cycle);
    const lanesRegion = page.getByRole('region', { name: 'Task lanes' });
    expect(await lanesRegion.getByText('⟳ cycle').count()).toBe(cycle!.length);
    // The printed lines end with both wanting the other's lock.
    expect((await readUi(page)).output.slice(-2)).toEqual(['0.100\talice\talice now wants the vault lock', '0.100\tbob\tbob now wants the ledger lock']);
    await screenshot(page, 'deadlock-end');

    // Stepping back leaves the explanation in place (it is about the run, not the cursor).
    await page.keyboard.press('ArrowLeft');
    await expectPageAt(page, expected, expected.steps - 1);
    expect(await panel.getByText(/^Cycle:/).textContent()).toBe('Cycle: alice → bob → alice');
    expect(pages.current?.problems).toEqual([]);
  });
});
