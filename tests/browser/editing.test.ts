/**
 * Writing a scenario in the app, in Chromium against the web build: a new scenario from the
 * template, typing that re-plays it (the lanes change, the step is kept), problems underlined
 * while typing and gone once fixed, the typography quick fix as one undoable step, the keyboard
 * (the app's single keys stay quiet while typing; Esc gives them back), and a runaway typed in.
 *
 * What the page should show is computed in this process from the scheduler (Expected, ui.ts),
 * and the problems from the checker the editor uses (checkScenarioProblems).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { checkScenarioProblems, runScenario } from '../../scheduler/python/scenario.ts';
import { straighten } from '../../renderer/editor/typography.ts';
import { mergeRepeats } from '../../renderer/editor/repeated-problems.ts';
import { skipReason, waitForDrawn } from './support.ts';
import { appPages } from './app-pages.ts';
import { Expected, readUi } from './ui.ts';
import { expectPageAt } from './expect-page.ts';
import { editorContent, editorHasFocus, editorLines, leaveEditor, mod, redrawnAfter, replaceText, selectText, underlinedLines } from './editor-ui.ts';

if (skipReason !== null) console.log(`tests/browser/editing.test.ts ${skipReason}`);

const TEMPLATE_LINES = NEW_SCENARIO_SOURCE.split('\n');

describe.skipIf(skipReason !== null)('writing a scenario in the editor', () => {
  const pages = appPages();

  /** A fresh page with a new scenario from the template, drawn. */
  async function freshTemplate(): Promise<Page> {
    const page = await pages.fresh();
    await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => page.getByRole('button', { name: 'New', exact: true }).click());
    return page;
  }

  it('New starts from the template; typing re-plays it: the lanes change, the step is kept', async () => {
    const page = await freshTemplate();
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(TEMPLATE_LINES);
    expect(await page.title()).toBe(`${NEW_SCENARIO_NAME} — Loopscope`);
    const before = new Expected(NEW_SCENARIO_SOURCE, NEW_SCENARIO_NAME);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expectPageAt(page, before, 4);

    // A third greeter, typed into the gather call.
    const edited = NEW_SCENARIO_SOURCE.replace('greet("bob", 2))', 'greet("bob", 2), greet("carol", 3))');
    expect(edited).not.toBe(NEW_SCENARIO_SOURCE);
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => replaceText(page, 'greet("bob", 2))', 'greet("bob", 2), greet("carol", 3))'));
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(edited.split('\n'));
    const after = new Expected(edited, NEW_SCENARIO_NAME);
    expect(after.tasks.length).toBe(before.tasks.length + 1);
    // The lanes are the new run's (one more task), at the same step as before the edit.
    await expectPageAt(page, after, 4);
    expect((await readUi(page)).lanes.map((lane) => lane.task)).toContain('Task-4');
    // Unsaved: the title says so.
    expect(await page.title()).toBe(`• ${NEW_SCENARIO_NAME} — Loopscope`);
    expect(pages.current?.problems).toEqual([]);
  });

  it('task marks follow their lines through edits, while the trace on screen is an older text’s', async () => {
    const page = await freshTemplate();
    const expected = new Expected(NEW_SCENARIO_SOURCE, NEW_SCENARIO_NAME);
    // A step where tasks wait at their awaits.
    const step = 4;
    for (let i = 0; i < step; i++) await page.keyboard.press('ArrowRight');
    const before = expected.code(step);
    expect(before.length).toBeGreaterThan(0);
    const marked = () =>
      page
        .getByRole('region', { name: 'Code' })
        .locator('.cm-line.task-line')
        .evaluateAll((els: { getAttribute(n: string): string | null; textContent: string | null }[]) => els.map((e) => ({ line: Number(e.getAttribute('data-line')), task: e.getAttribute('data-task') ?? '', tasks: e.getAttribute('data-tasks') ?? '' })));
    // The editor loads after the first frame (renderer/editor/code-editor.ts): its marks may follow.
    await expect.poll(marked).toEqual(before);
    // Two lines typed at the top, the first one broken: the text no longer loads, so the trace on
    // screen stays the template's, and its marks must follow their lines two lines down.
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+Home`);
    await page.keyboard.insertText('x = (\n# two\n');
    await page.getByRole('region', { name: 'Problems' }).waitFor({ timeout: 15_000 });
    await expect.poll(marked).toEqual(before.map((m) => ({ ...m, line: m.line + 2 })));
    // A marked line deleted takes its mark with it, the others stay on their text.
    const first = before[0]!;
    const lineText = NEW_SCENARIO_SOURCE.split('\n')[first.line - 1]!;
    await selectText(page, lineText);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Backspace');
    await expect.poll(async () => (await marked()).some((m) => m.task === first.task && m.line === first.line + 2)).toBe(false);
    const after = await marked();
    expect(after.find((m) => m.task === first.task && m.line === first.line + 2)).toBeUndefined();
    for (const m of before.slice(1)) expect(after).toContainEqual({ ...m, line: m.line + 2 - (m.line > first.line ? 1 : 0) });
  });

  it('the end of the run stays the end when an edit makes the run longer', async () => {
    const page = await freshTemplate();
    await page.keyboard.press('End');
    const longer = NEW_SCENARIO_SOURCE.replace('greet("bob", 2)', 'greet("bob", 5)');
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => replaceText(page, '"bob", 2', '"bob", 5'));
    const expected = new Expected(longer, NEW_SCENARIO_NAME);
    expect(expected.trace.end).toMatchObject({ kind: 'ok', time: 5 });
    await expectPageAt(page, expected, expected.steps);
  });

  it('a syntax error is underlined while typing, listed with its line, and goes once fixed; the last run stays on screen', async () => {
    const page = await freshTemplate();
    const lanesBefore = (await readUi(page)).lanes;
    // Break the call: an unclosed parenthesis and a stray character.
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.insertText('print("done"\nx = 1 $ 2\n');
    const broken = `${NEW_SCENARIO_SOURCE}print("done"\nx = 1 $ 2\n`;
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(broken.split('\n'));
    const problems = mergeRepeats(checkScenarioProblems(broken, NEW_SCENARIO_NAME).map((p) => p.toJSON()));
    expect(problems.length).toBeGreaterThan(0);
    // Every problem the checker reports is underlined, on its line, and listed above the code.
    await expect.poll(() => underlinedLines(page), { timeout: 10_000 }).toEqual(problems.map((p) => p.line));
    const strip = page.getByRole('region', { name: 'Problems' });
    await strip.waitFor();
    const listed = (await strip.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(listed).toEqual(problems.map((p) => `${p.line}:${p.column} ${p.message}${p.hint === undefined ? '' : ` Hint: ${p.hint}`}`));
    expect(await page.getByRole('region', { name: 'Code' }).locator('.cm-lint-marker-error').count()).toBe(new Set(problems.map((p) => p.line)).size);
    // Hovering the underline shows the message (and its hint).
    await page.getByRole('region', { name: 'Code' }).locator('.cm-lintRange-error, .cm-lintPoint-error').first().hover();
    const tooltip = page.getByRole('region', { name: 'Code' }).locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain((problems[0] as (typeof problems)[number]).message);
    // The last run that worked is still drawn, with the same lanes.
    expect((await readUi(page)).lanes).toEqual(lanesBefore);

    // Fix it: close the parenthesis, delete the stray line. Problems gone, the new text plays.
    await redrawnAfter(page, NEW_SCENARIO_NAME, async () => {
      await replaceText(page, 'print("done"', 'print("done")');
      await selectText(page, 'x = 1 $ 2');
      await page.keyboard.press('Backspace');
    });
    const fixed = `${NEW_SCENARIO_SOURCE}print("done")\n\n`;
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(fixed.split('\n'));
    expect(checkScenarioProblems(fixed, NEW_SCENARIO_NAME)).toEqual([]);
    await expect.poll(() => underlinedLines(page)).toEqual([]);
    expect(await strip.count()).toBe(0);
    const expected = new Expected(fixed, NEW_SCENARIO_NAME);
    await leaveEditor(page);
    await page.keyboard.press('End');
    await expectPageAt(page, expected, expected.steps);
    expect((await readUi(page)).output.at(-1)).toBe('2.000\t-\tdone');
  });

  it('pasted typography: one action straightens every quote and dash, as one undoable step', async () => {
    const page = await freshTemplate();
    // What a blog makes of the template: curly quotes, an en dash, no-break spaces.
    const pasted = NEW_SCENARIO_SOURCE.replace('print(f"{name} starts")', '\u00a0print(f“{name} starts”)'.slice(1))
      .replace('greet("alice", 1)', 'greet(“alice”, 1)')
      .replace('greet("bob", 2)', 'greet(‘bob’, 3 – 1)')
      .replace('    await asyncio.sleep(delay)', '\u00a0\u00a0\u00a0\u00a0await asyncio.sleep(delay)');
    expect(straighten(pasted)).toBe(NEW_SCENARIO_SOURCE.replace('greet("bob", 2)', "greet('bob', 3 - 1)"));
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.insertText(pasted);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(pasted.split('\n'));
    const problems = mergeRepeats(checkScenarioProblems(pasted, NEW_SCENARIO_NAME).map((p) => p.toJSON()));
    await expect.poll(() => underlinedLines(page), { timeout: 10_000 }).toEqual(problems.map((p) => p.line));

    // The action is offered on the problem's hover message.
    await page.getByRole('region', { name: 'Code' }).locator('.cm-lintRange-error, .cm-lintPoint-error').first().hover();
    const action = page.getByRole('region', { name: 'Code' }).locator('.cm-tooltip-lint').getByRole('button', { name: /Straighten quotes and dashes/ });
    await action.waitFor();
    await redrawnAfter(page, NEW_SCENARIO_NAME, () => action.click());
    const straight = straighten(pasted);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(straight.split('\n'));
    await expect.poll(() => underlinedLines(page)).toEqual([]);
    const expected = new Expected(straight, NEW_SCENARIO_NAME);
    await leaveEditor(page);
    await page.keyboard.press('End');
    await expectPageAt(page, expected, expected.steps);

    // One Ctrl+Z brings the pasted text back whole; the strip's button fixes it again.
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(pasted.split('\n'));
    const button = page.getByRole('region', { name: 'Problems' }).getByRole('button', { name: 'Straighten quotes and dashes' });
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(straight.split('\n'));
  });

  it('while typing, Space, the arrows, T, +, − and 0 are text; Esc gives them back to the app', async () => {
    const page = await freshTemplate();
    const slider = page.getByRole('slider', { name: 'Cursor' });
    const tickAxis = page.getByRole('button', { name: 'Tick axis' });
    await selectText(page, 'asyncio.run(main())');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# t+-0 ');
    for (const key of ['Space', 'ArrowLeft', 'ArrowRight', 'Home', 'End']) await page.keyboard.press(key);
    expect((await editorLines(page)).at(-2)).toBe('# t+-0  ');
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
    expect(await tickAxis.getAttribute('aria-pressed')).toBe('true');
    expect(await editorHasFocus(page)).toBe(true);

    await page.keyboard.press('Escape');
    expect(await editorHasFocus(page)).toBe(false);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('1');
    await page.keyboard.press('t');
    await expect.poll(() => tickAxis.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('t');
    await expect.poll(() => tickAxis.getAttribute('aria-pressed')).toBe('true');
  });

  it('Ctrl/Cmd+S downloads the text as it is now; the title then shows no unsaved mark', async () => {
    const page = await freshTemplate();
    await replaceText(page, '"alice", 1', '"alice", 1.5');
    await expect.poll(() => page.title()).toBe(`• ${NEW_SCENARIO_NAME} — Loopscope`);
    const download = page.waitForEvent('download');
    await page.keyboard.press(`${mod}+s`);
    const file = await download;
    expect(file.suggestedFilename()).toBe(NEW_SCENARIO_NAME);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(await file.path(), 'utf8')).toBe(NEW_SCENARIO_SOURCE.replace('"alice", 1', '"alice", 1.5'));
    await expect.poll(() => page.title()).toBe(`${NEW_SCENARIO_NAME} — Loopscope`);
  });

  it('a runaway typed in is diagnosed while the page keeps drawing frames and answering keys', async () => {
    const page = await freshTemplate();
    const runaway = NEW_SCENARIO_SOURCE.replace('    await asyncio.gather(greet("alice", 1), greet("bob", 2))', '    while True:\n        pass');
    const expectedEnd = runScenario(runaway, { file: NEW_SCENARIO_NAME }).trace.end;
    expect(expectedEnd?.kind).toBe('limit');
    // Record the gaps between animation frames from now until the diagnosis is drawn.
    await page.evaluate(() => {
      const w = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): void; __gaps: number[]; __recording: boolean };
      w.__gaps = [];
      w.__recording = true;
      let last = 0;
      const frame = (t: number) => {
        if (last !== 0) w.__gaps.push(t - last);
        last = t;
        if (w.__recording) w.requestAnimationFrame(frame);
      };
      w.requestAnimationFrame(frame);
    });
    await selectText(page, 'await asyncio.gather(greet("alice", 1), greet("bob", 2))');
    await page.keyboard.insertText('while True:\n        pass');
    await expect.poll(() => editorLines(page), { timeout: 10_000 }).toEqual(runaway.split('\n'));
    // While it runs (or just after), the app answers: Esc, then → steps the trace on screen.
    await leaveEditor(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('slider', { name: 'Cursor' }).getAttribute('aria-valuenow')).toBe('1');
    const panel = page.getByRole('region', { name: 'Run ended' });
    await panel.waitFor({ timeout: 30_000 });
    await waitForDrawn(page, NEW_SCENARIO_NAME);
    const gaps = await page.evaluate(() => {
      const w = globalThis as unknown as { __gaps: number[]; __recording: boolean };
      w.__recording = false;
      return w.__gaps;
    });
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Limit');
    if (expectedEnd?.kind === 'limit') expect(text.replace(/\s+/g, ' ')).toContain(expectedEnd.message);
    // Frames kept coming while the worker spun (figures printed, not asserted: timing is the bench's).
    expect(gaps.length).toBeGreaterThan(3);
    console.log(`runaway typed in: ${gaps.length} frames drawn meanwhile, longest gap ${Math.max(...gaps).toFixed(0)} ms`);
    expect(pages.current?.problems).toEqual([]);
  });
});
