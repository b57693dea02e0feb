/**
 * SVG export: golden files pin the pictures (deterministic output), and the rules every picture
 * keeps: well-formed XML, finite numbers, a lane per task shown, the legend, the range and the
 * hidden tasks respected, task names escaped.
 */
import { describe, expect, test } from 'vitest';
import { pictureModelOf, pictureSvg, type PictureView } from '../../renderer/export/svg.ts';
import { legendItems } from '../../renderer/export/legend.ts';
import type { ThemeName } from '../../renderer/viz/theme-colors.ts';
import { compareGolden } from './golden.ts';
import { GALLERY, galleryTrace, playSource } from './gallery.ts';

const picture = (name: string, view: PictureView, theme: ThemeName = 'light'): string => pictureSvg(pictureModelOf(galleryTrace(name), name), view, theme);
const shutdown = (name: string) => {
  const tasks = pictureModelOf(galleryTrace(name), name).lanes.tasks;
  return (serial: number) => ['shutdown_asyncgens', 'shutdown_default_executor'].includes(tasks[serial]?.coro ?? '');
};

/**
 * Well-formed XML, checked without a parser: every tag closes in order, attributes are quoted,
 * and no entity is left unescaped.
 */
function wellFormed(svg: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index);
    if (between.includes('<') || between.includes('>')) problems.push(`stray markup near ${JSON.stringify(between.slice(0, 60))}`);
    if (/&(?!amp;|lt;|gt;|quot;|#39;)/.test(between)) problems.push(`unescaped & near ${JSON.stringify(between.slice(0, 60))}`);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing === '/') {
      if (open.pop() !== name) problems.push(`</${name}> closes the wrong element`);
    } else if (selfClosing !== '/') open.push(name as string);
  }
  if (open.length > 0) problems.push(`never closed: ${open.join(', ')}`);
  if (svg.slice(last).trim() !== '') problems.push('text after the root element');
  return problems;
}

describe('golden pictures', () => {
  const cases: [string, string, PictureView, ThemeName][] = [
    ['counter-ticks-light.svg', '01-counter-sequential-vs-gathered', { axis: 'tick' }, 'light'],
    ['counter-time-dark.svg', '01-counter-sequential-vs-gathered', { axis: 'time', cursor: 6 }, 'dark'],
    ['counter-steps-6-18-light.svg', '01-counter-sequential-vs-gathered', { axis: 'tick', fromStep: 6, toStep: 18, cursor: 10, width: 960, hideTask: shutdown('01-counter-sequential-vs-gathered') }, 'light'],
    ['deadlock-ticks-light.svg', '17-deadlock-two-locks', { axis: 'tick', cursor: 7 }, 'light'],
    ['blocking-time-light.svg', '06-blocking-sleep-stalls-loop', { axis: 'time' }, 'light'],
    ['gather-errors-ticks-dark.svg', '09-gather-errors', { axis: 'tick' }, 'dark'],
    ['cancellation-ticks-light.svg', '10-cancellation-cleanup', { axis: 'tick', width: 1920 }, 'light'],
  ];
  for (const [file, scenario, view, theme] of cases) {
    test(file, () => {
      const svg = picture(scenario, view, theme);
      expect(wellFormed(svg)).toEqual([]);
      expect(compareGolden(file, svg)).toBeNull();
    });
  }
});

describe('every picture keeps the rules', () => {
  for (const name of GALLERY.filter((n) => !n.startsWith('31-'))) {
    test(name, () => {
      for (const axis of ['tick', 'time'] as const) {
        const svg = picture(name, { axis, cursor: 3 });
        expect(wellFormed(svg), axis).toEqual([]);
        expect(svg).not.toMatch(/NaN|Infinity|undefined|null/);
        const lanes = pictureModelOf(galleryTrace(name), name).lanes;
        expect(svg.match(/<g data-task="/g) ?? []).toHaveLength(lanes.tasks.length);
        for (const item of legendItems(axis)) expect(svg).toContain(`data-legend="${item.mark}"`);
      }
    });
  }

  test('the same input gives the same bytes', () => {
    expect(picture('04-server-many-clients', { axis: 'time' })).toBe(picture('04-server-many-clients', { axis: 'time' }));
  });

  test('a range shows only the tasks alive in it, and says which steps it shows', () => {
    const svg = picture('01-counter-sequential-vs-gathered', { axis: 'tick', fromStep: 0, toStep: 6 });
    expect(svg.match(/<g data-task="[^"]+"/g)).toEqual(['<g data-task="Task-1"']);
    expect(svg).toContain('steps 0–6 of 25');
  });

  test('hidden tasks have no lane', () => {
    const svg = picture('01-counter-sequential-vs-gathered', { axis: 'tick', hideTask: shutdown('01-counter-sequential-vs-gathered') });
    expect(svg).not.toContain('data-task="Task-5"');
    expect(svg).not.toContain('shutdown_default_executor');
  });

  test('the width is the one asked for, and long names are cut with their full text as a tooltip', () => {
    const trace = playSource(
      'import asyncio\n\nasync def a_rather_long_coroutine_name_for_a_lane():\n    await asyncio.sleep(0)\n\nasync def main():\n    t = asyncio.create_task(a_rather_long_coroutine_name_for_a_lane(), name="<worker & friend> with a long name")\n    await t\n\nasyncio.run(main())\n',
    );
    const svg = pictureSvg(pictureModelOf(trace, 'names'), { axis: 'tick', width: 900 }, 'light');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="900" /);
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toContain('<title>&lt;worker &amp; friend&gt; with a long name</title>');
    expect(svg).toContain('<title>a_rather_long_coroutine_name_for_a_lane()</title>');
  });
});
