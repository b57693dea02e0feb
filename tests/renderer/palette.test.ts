/**
 * Colour-blind safety of the task palette, and the theme's colours mirrored for exports.
 *
 * Every pair of task colours must stay apart, by CIEDE2000, in normal vision and under simulated
 * deuteranopia and protanopia (culori's filters: Machado, Oliveira and Fernandes 2009, severity 1),
 * in both themes; and every colour must keep a 3:1 contrast (WCAG 1.4.11, graphical objects) with
 * the lanes' background. The old palette collapsed four tasks of the server scenario into one
 * olive under deuteranopia (ΔE 2.1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, parse, wcagContrast, type Color } from 'culori';
import { PALETTE_SIZE, TASK_COLORS } from '../../renderer/viz/colors.ts';
import { THEME_COLORS, type ThemeName } from '../../renderer/viz/theme-colors.ts';

const distance = differenceCiede2000();
const VISIONS: { name: string; simulate: (color: Color) => Color; threshold: number }[] = [
  { name: 'normal vision', simulate: (color) => color, threshold: 20 },
  { name: 'deuteranopia', simulate: filterDeficiencyDeuter(1), threshold: 12 },
  { name: 'protanopia', simulate: filterDeficiencyProt(1), threshold: 12 },
];
const THEMES: ThemeName[] = ['light', 'dark'];

function color(hex: string): Color {
  const parsed = parse(hex);
  if (parsed === undefined) throw new Error(`not a colour: ${hex}`);
  return parsed;
}

/** The closest pair of a palette as seen through `simulate`. */
function closestPair(colors: readonly string[], simulate: (color: Color) => Color): { a: number; b: number; distance: number } {
  let best = { a: -1, b: -1, distance: Infinity };
  for (let a = 0; a < colors.length; a++) {
    for (let b = a + 1; b < colors.length; b++) {
      const d = distance(simulate(color(colors[a] as string)), simulate(color(colors[b] as string)));
      if (d < best.distance) best = { a, b, distance: d };
    }
  }
  return best;
}

describe('task colours stay distinguishable', () => {
  test('the palette has 8 colours in both themes', () => {
    expect(PALETTE_SIZE).toBe(8);
    expect(TASK_COLORS.dark).toHaveLength(PALETTE_SIZE);
  });

  for (const theme of THEMES) {
    for (const vision of VISIONS) {
      test(`${theme} theme, ${vision.name}: every pair is at least ΔE00 ${vision.threshold} apart`, () => {
        const pair = closestPair(TASK_COLORS[theme], vision.simulate);
        expect(pair.distance, `tc-${pair.a} and tc-${pair.b} are only ΔE00 ${pair.distance.toFixed(1)} apart`).toBeGreaterThanOrEqual(vision.threshold);
      });
    }

    test(`${theme} theme: every task colour has 3:1 contrast with the lanes' panel`, () => {
      const panel = THEME_COLORS[theme].panel;
      for (const [i, hex] of TASK_COLORS[theme].entries()) {
        expect(wcagContrast(hex, panel), `tc-${i} ${hex} on ${panel}`).toBeGreaterThanOrEqual(3);
      }
    });
  }

  test('the check can fail: the palette before this one collapses under deuteranopia', () => {
    const old = ['#2f6fd6', '#e07b12', '#12998a', '#8a52d6', '#d23f8f', '#6f8f10', '#a0612e', '#1591c7', '#c29400', '#56657f'];
    expect(closestPair(old, VISIONS[1]!.simulate).distance).toBeLessThan(5);
  });
});

describe('theme.css and the colours mirrored for exports agree', () => {
  const css = readFileSync(new URL('../../renderer/app/theme.css', import.meta.url), 'utf8');
  /** The custom properties of the block that starts at `selector`. */
  function block(selector: string): Map<string, string> {
    const start = css.indexOf(`${selector} {`);
    expect(start, selector).toBeGreaterThanOrEqual(0);
    const body = css.slice(start, css.indexOf('}', start));
    return new Map([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
  }
  const blocks: Record<ThemeName, Map<string, string>[]> = {
    light: [block(':root')],
    dark: [block(":root[data-theme='dark']"), block(":root:not([data-theme='light'])")],
  };

  for (const theme of THEMES) {
    test(`${theme}: every mirrored colour and every task colour`, () => {
      for (const vars of blocks[theme]) {
        const { tasks, ...named } = THEME_COLORS[theme];
        for (const [name, value] of Object.entries(named)) expect(vars.get(name), `--${name}`).toBe(value);
        tasks.forEach((value, i) => expect(vars.get(`tc-${i}`), `--tc-${i}`).toBe(value));
        expect(vars.has(`tc-${tasks.length}`), `no --tc-${tasks.length}`).toBe(false);
      }
    });
  }

  test('a class per task colour', () => {
    for (let i = 0; i < PALETTE_SIZE; i++) expect(css).toContain(`.tc-${i} { --task: var(--tc-${i}); }`);
  });
});
