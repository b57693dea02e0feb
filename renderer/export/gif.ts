/**
 * Slides from a range of steps: an animated GIF, or numbered PNG frames. The page draws each step
 * of the range on a canvas and hands the pixels here; this part is pure, so Node tests it.
 *
 * GIF encoding is gifenc's (MIT, pinned). A frame with at most 256 colours keeps them exactly;
 * a frame with more (anti-aliased text) gets gifenc's quantised palette of 256, per frame.
 */
/// <reference path="./gifenc.d.ts" />
import { GIFEncoder, applyPalette, quantize, type Palette } from 'gifenc';

export interface RgbaFrame {
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA, as ImageData holds them. */
  data: Uint8Array | Uint8ClampedArray;
}

export interface GifOptions {
  /** How long each frame shows, in milliseconds (GIF counts hundredths; browsers show 20 ms at least). */
  delayMs?: number;
  /** How long the last frame stays before the animation starts over. */
  lastDelayMs?: number;
  /** Loop forever (the default), or play once. */
  loop?: boolean;
}

/** The exact palette of a frame, or null when it has more than 256 colours. */
function exactPalette(data: Uint8Array | Uint8ClampedArray): { palette: Palette; index: Uint8Array } | null {
  const colors = new Map<number, number>();
  const palette: Palette = [];
  const index = new Uint8Array(data.length / 4);
  for (let p = 0, i = 0; i < data.length; i += 4, p++) {
    const key = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number);
    let slot = colors.get(key);
    if (slot === undefined) {
      if (palette.length === 256) return null;
      slot = palette.length;
      colors.set(key, slot);
      palette.push([data[i] as number, data[i + 1] as number, data[i + 2] as number]);
    }
    index[p] = slot as number;
  }
  // A GIF colour table holds a power of two entries; gifenc pads it, but needs two at least.
  if (palette.length === 1) palette.push([0, 0, 0]);
  return { palette, index };
}

/** An animated GIF of the frames, in order. */
export function encodeGif(frames: readonly RgbaFrame[], options: GifOptions = {}): Uint8Array {
  const first = frames[0];
  if (first === undefined) throw new RangeError('a GIF needs one frame at least');
  const delay = Math.max(20, options.delayMs ?? 600);
  const gif = GIFEncoder();
  frames.forEach((frame, i) => {
    if (frame.width !== first.width || frame.height !== first.height) throw new RangeError(`frame ${i + 1} is ${frame.width}×${frame.height}, not ${first.width}×${first.height} as the first`);
    if (frame.data.length !== frame.width * frame.height * 4) throw new RangeError(`frame ${i + 1} holds ${frame.data.length} bytes, not width × height × 4`);
    const exact = exactPalette(frame.data);
    const palette = exact?.palette ?? quantize(frame.data, 256);
    const index = exact?.index ?? applyPalette(frame.data, palette);
    const last = i === frames.length - 1;
    gif.writeFrame(index, frame.width, frame.height, { palette, delay: last ? Math.max(delay, options.lastDelayMs ?? delay * 3) : delay, repeat: options.loop === false ? -1 : 0 });
  });
  gif.finish();
  return gif.bytes();
}

/**
 * The cursor positions to draw for a range of steps (boundaries from..to, both shown): every step,
 * or every n-th when there are more than `maxFrames`, always ending on `to`.
 */
export function framePlan(from: number, to: number, maxFrames = 240): number[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) throw new RangeError(`no frames from step ${from} to step ${to}`);
  const count = to - from + 1;
  const stride = Math.max(1, Math.ceil(count / Math.max(2, maxFrames)));
  const steps: number[] = [];
  for (let step = from; step < to; step += stride) steps.push(step);
  steps.push(to);
  return steps;
}

/** Numbered file names that sort in order: counter-step-007.png. */
export function frameFileName(base: string, step: number, lastStep: number): string {
  const digits = Math.max(3, String(lastStep).length);
  const safe = base.replace(/\.py$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'loopscope';
  return `${safe}-step-${String(step).padStart(digits, '0')}.png`;
}
