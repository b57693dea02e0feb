/**
 * The app's Export (E, or the Export button): the run on screen as
 *   - an SVG picture of the current view (the lanes, the loop lane and the legend, as vectors),
 *   - the same picture as PNG (drawn at twice the size, for slides and projectors),
 *   - an animated GIF, or numbered PNG frames in a zip, of a range of steps (each frame shows the
 *     run as far as its step, the rest veiled),
 *   - the standalone HTML player (one offline file),
 *   - Perfetto / Chrome trace JSON.
 * The pictures come from renderer/export/svg.ts (as the CLI's), the trace from
 * scheduler/trace/perfetto.ts, the player from renderer/player/embed.ts. Pixels are made by the
 * browser (rasterize.ts: an <img> of the SVG drawn on a canvas), passed in as a PictureDrawer;
 * the host saves the bytes (desktop: a Save dialog; web: a download).
 */
import { zipSync } from 'fflate';
import type { ExportFile } from '../../main/common/contract.ts';
import { perfettoJSON } from '../../scheduler/trace/perfetto.ts';
import type { TraceModel } from '../viz/model.ts';
import { viewScale, type View } from '../viz/scales.ts';
import { axisDomain, boundaryNear, type AxisKind } from '../viz/steps.ts';
import type { ThemeName } from '../viz/theme-colors.ts';
import { playerHtml } from '../player/embed.ts';
import { encodeGif, frameFileName, framePlan, type RgbaFrame } from './gif.ts';
import { pictureSvg, type PictureModel, type PictureView } from './svg.ts';

export type ExportChoice = 'svg' | 'png' | 'gif' | 'frames' | 'html' | 'perfetto';

export const EXPORT_CHOICES: readonly { choice: ExportChoice; label: string; detail: string }[] = [
  { choice: 'svg', label: 'Picture (SVG)', detail: 'The current view as vectors: lanes, loop lane and legend' },
  { choice: 'png', label: 'Picture (PNG)', detail: 'The current view at twice the size, for slides' },
  { choice: 'gif', label: 'Animated GIF', detail: 'A range of steps, one frame a step' },
  { choice: 'frames', label: 'PNG frames (zip)', detail: 'A range of steps as numbered pictures' },
  { choice: 'html', label: 'HTML player', detail: 'One offline file that plays this run in any browser' },
  { choice: 'perfetto', label: 'Perfetto trace (JSON)', detail: 'For ui.perfetto.dev and chrome://tracing' },
];

/** The most frames a GIF or a zip of frames holds (longer ranges take every n-th step). */
export const MAX_FRAMES = 240;

/** What is on screen, as the export reads it. */
export interface ExportScene {
  model: TraceModel;
  /** The scenario's file name (e.g. counter.py), its path as shown, and its source. */
  name: string;
  file: string;
  source: string;
  axis: AxisKind;
  view: View;
  plotWidth: number;
  cursor: number;
  theme: ThemeName;
}

/** The steps in view (boundaries from..to), or the whole run when the timeline is not zoomed. */
export function stepsInView(scene: Pick<ExportScene, 'model' | 'axis' | 'view' | 'plotWidth'>): { fromStep?: number; toStep?: number } {
  const { model, axis, view, plotWidth } = scene;
  if (view.k === 1 && view.x === 0) return {};
  const axisModel = model.axis;
  const scale = viewScale(axisDomain(axisModel, axis), plotWidth, view);
  const from = Math.max(0, boundaryNear(axisModel, axis, scale.invert(0)) - 1);
  const to = Math.min(axisModel.steps, Math.max(from + 1, boundaryNear(axisModel, axis, scale.invert(plotWidth)) + 1));
  return { fromStep: from, toStep: to };
}

const pictureModel = (scene: ExportScene): PictureModel => ({ axis: scene.model.axis, lanes: scene.model.lanes, story: scene.model.story, title: scene.name });
const baseName = (name: string): string => name.replace(/\.py$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'loopscope';

/** The current view as SVG text. */
export function viewSvg(scene: ExportScene, width = 1280): string {
  const view: PictureView = { axis: scene.axis, cursor: scene.cursor, width, ...stepsInView(scene) };
  return pictureSvg(pictureModel(scene), view, scene.theme);
}

/** What turns a picture into pixels (the browser's canvas: rasterize.ts), passed in so the rest runs under Node. */
export interface PictureDrawer {
  /** The picture as PNG bytes, drawn at `scale`. */
  png(svg: string, scale: number): Promise<Uint8Array<ArrayBuffer>>;
  /** The picture's pixels, drawn at `scale`. */
  rgba(svg: string, scale: number): Promise<RgbaFrame>;
}

/** One frame of a range: the range's picture with the cursor at `step`, the rest veiled. */
function frameSvg(scene: ExportScene, from: number, to: number, step: number, width: number): string {
  return pictureSvg(pictureModel(scene), { axis: scene.axis, fromStep: from, toStep: to, cursor: step, veilAfterCursor: true, width }, scene.theme);
}

export interface ExportOptions {
  /** For GIF and frames: the cursor positions from..to, both shown. */
  from: number;
  to: number;
  /** Milliseconds a GIF frame shows. */
  delayMs: number;
  /** The player page's template (the app's build carries it as player.html). */
  playerTemplate(): Promise<string>;
  /** Pixels for PNG, GIF and frames. */
  drawer: PictureDrawer;
  /** Told as frames are drawn (done of total). */
  progress?(done: number, total: number): void;
}

const encoder = new TextEncoder();

/** Make the export: its file name, kind and bytes, ready for Host.saveExport. */
export async function makeExport(choice: ExportChoice, scene: ExportScene, options: ExportOptions): Promise<ExportFile> {
  const base = baseName(scene.name);
  switch (choice) {
    case 'svg':
      return { name: `${base}.svg`, kind: 'svg', bytes: encoder.encode(viewSvg(scene)) };
    case 'png':
      return { name: `${base}.png`, kind: 'png', bytes: await options.drawer.png(viewSvg(scene), 2) };
    case 'perfetto':
      return { name: `${base}.perfetto.json`, kind: 'json', bytes: encoder.encode(perfettoJSON(scene.model.trace, { axis: 'time', source: scene.source })) };
    case 'html': {
      const template = await options.playerTemplate();
      return { name: `${base}.html`, kind: 'html', bytes: encoder.encode(playerHtml(template, { name: scene.name, file: scene.file, source: scene.source }, scene.model.trace)) };
    }
    case 'gif':
    case 'frames': {
      const steps = scene.model.axis.steps;
      const from = Math.max(0, Math.min(steps, Math.round(options.from)));
      const to = Math.max(from, Math.min(steps, Math.round(options.to)));
      const plan = framePlan(from, to, MAX_FRAMES);
      // The picture's range: one step more than the frames, so the last frame's step shows too.
      const shownTo = Math.min(steps, Math.max(to, from + 1));
      const width = choice === 'gif' ? 960 : 1280;
      if (choice === 'gif') {
        const frames: RgbaFrame[] = [];
        for (const [i, step] of plan.entries()) {
          frames.push(await options.drawer.rgba(frameSvg(scene, from, shownTo, step, width), 1));
          options.progress?.(i + 1, plan.length);
        }
        return { name: `${base}-steps-${from}-${to}.gif`, kind: 'gif', bytes: new Uint8Array(encodeGif(frames, { delayMs: options.delayMs })) };
      }
      const files: Record<string, Uint8Array> = {};
      for (const [i, step] of plan.entries()) {
        files[frameFileName(scene.name, step, to)] = await options.drawer.png(frameSvg(scene, from, shownTo, step, width), 1.5);
        options.progress?.(i + 1, plan.length);
      }
      // PNGs are compressed already: stored, not deflated again.
      return { name: `${base}-steps-${from}-${to}.zip`, kind: 'zip', bytes: new Uint8Array(zipSync(files, { level: 0 })) };
    }
  }
}
