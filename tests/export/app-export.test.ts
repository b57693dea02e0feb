/** The app's Export, the parts that need no browser: the steps in view, and the SVG, Perfetto and HTML files made from the run on screen. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { buildModel } from '../../renderer/viz/model.ts';
import { makeExport, stepsInView, type ExportScene } from '../../renderer/export/app-export.ts';
import { pictureModelOf, pictureSvg } from '../../renderer/export/svg.ts';
import { perfettoJSON } from '../../scheduler/trace/perfetto.ts';
import { IDENTITY } from '../../renderer/viz/scales.ts';
import { nextSpeed } from '../../renderer/app/playback.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NAME = '02-three-coroutines-gathered.py';
const SOURCE = readFileSync(join(ROOT, 'scenarios', NAME), 'utf8');
const { trace } = runScenario(SOURCE, { file: `scenarios/${NAME}` });
const model = buildModel(trace);
const scene = (over: Partial<ExportScene> = {}): ExportScene => ({ model, name: NAME, file: `scenarios/${NAME}`, source: SOURCE, axis: 'tick', view: IDENTITY, plotWidth: 1000, cursor: 3, theme: 'light', ...over });
const noTemplate = () => Promise.reject(new Error('not asked'));
const drawer = {
  png: () => Promise.reject(new Error('no pixels in these files')),
  rgba: () => Promise.reject(new Error('no pixels in these files')),
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the app’s export', () => {
  it('takes the whole run when the timeline is not zoomed, and the steps in view when it is', () => {
    expect(stepsInView(scene())).toEqual({});
    const zoomed = stepsInView(scene({ view: { k: 4, x: -1000 } }));
    expect(zoomed.fromStep).toBeGreaterThan(0);
    expect(zoomed.toStep).toBeLessThan(model.axis.steps);
    expect(zoomed.toStep!).toBeGreaterThan(zoomed.fromStep!);
  });

  it('the SVG is the CLI’s picture of the same run, with the cursor on screen', async () => {
    const file = await makeExport('svg', scene(), { from: 0, to: 0, delayMs: 600, playerTemplate: noTemplate, drawer });
    expect(file).toMatchObject({ name: '02-three-coroutines-gathered.svg', kind: 'svg' });
    expect(text(file.bytes)).toBe(pictureSvg(pictureModelOf(trace, NAME), { axis: 'tick', cursor: 3, width: 1280 }, 'light'));
    const dark = await makeExport('svg', scene({ theme: 'dark', axis: 'time' }), { from: 0, to: 0, delayMs: 600, playerTemplate: noTemplate, drawer });
    expect(text(dark.bytes)).toBe(pictureSvg(pictureModelOf(trace, NAME), { axis: 'time', cursor: 3, width: 1280 }, 'dark'));
  });

  it('Perfetto JSON is the CLI’s; the player is the template filled with this run', async () => {
    const perfetto = await makeExport('perfetto', scene(), { from: 0, to: 0, delayMs: 600, playerTemplate: noTemplate, drawer });
    expect(perfetto.kind).toBe('json');
    expect(text(perfetto.bytes)).toBe(perfettoJSON(trace, { axis: 'time', source: SOURCE }));
    const template = '<!doctype html><html><head><title>x</title></head><body><script type="application/json" id="loopscope-scenario"></script><script type="application/json" id="loopscope-trace"></script></body></html>';
    const html = await makeExport('html', scene(), { from: 0, to: 0, delayMs: 600, playerTemplate: async () => template, drawer });
    expect(html).toMatchObject({ name: '02-three-coroutines-gathered.html', kind: 'html' });
    expect(text(html.bytes)).toContain('Three coroutines');
  });

  it('frames of a range: one picture per step, the cursor on that step and the rest veiled, numbered in a zip', async () => {
    const drawn: string[] = [];
    const counting = {
      png: async (svg: string) => {
        drawn.push(svg);
        return new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
      },
      rgba: async (svg: string) => {
        drawn.push(svg);
        return { width: 2, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255]) };
      },
    };
    const zip = await makeExport('frames', scene(), { from: 2, to: 5, delayMs: 600, playerTemplate: noTemplate, drawer: counting });
    expect(zip).toMatchObject({ name: '02-three-coroutines-gathered-steps-2-5.zip', kind: 'zip' });
    expect(Object.keys(unzipSync(zip.bytes))).toEqual([2, 3, 4, 5].map((step) => `02-three-coroutines-gathered-step-00${step}.png`));
    const picture = pictureModelOf(trace, NAME);
    expect(drawn).toEqual([2, 3, 4, 5].map((cursor) => pictureSvg(picture, { axis: 'tick', fromStep: 2, toStep: 5, cursor, veilAfterCursor: true, width: 1280 }, 'light')));
    drawn.length = 0;
    const gif = await makeExport('gif', scene(), { from: 0, to: 3, delayMs: 500, playerTemplate: noTemplate, drawer: counting });
    expect(gif.name).toBe('02-three-coroutines-gathered-steps-0-3.gif');
    expect(new TextDecoder().decode(gif.bytes.subarray(0, 6))).toBe('GIF89a');
    expect(drawn).toHaveLength(4);
  });

  it('veiled frames: each frame of a range hides what lies after its step', () => {
    const picture = pictureModelOf(trace, NAME);
    const plain = pictureSvg(picture, { axis: 'tick', fromStep: 0, toStep: 8, cursor: 4 }, 'light');
    const veiled = pictureSvg(picture, { axis: 'tick', fromStep: 0, toStep: 8, cursor: 4, veilAfterCursor: true }, 'light');
    expect(veiled.length).toBeGreaterThan(plain.length);
    expect(veiled).toContain('fill-opacity="0.86"');
    expect(plain).not.toContain('fill-opacity="0.86"');
  });

  it('the speed keys step through 0.5×, 1×, 2×, 4× and stop at the ends', () => {
    expect([nextSpeed(1, 1), nextSpeed(2, 1), nextSpeed(4, 1), nextSpeed(1, -1), nextSpeed(0.5, -1)]).toEqual([2, 4, 4, 0.5, 0.5]);
  });
});
