/**
 * The GIF part of slide export: frames encoded by gifenc and decoded back by omggif (another
 * implementation) come back with their size, order, delays, loop and, for flat pictures, their
 * exact colours. Numbered PNG frames get names that sort in order.
 */
import { describe, expect, test } from 'vitest';
import { GifReader } from 'omggif';
import { encodeGif, frameFileName, framePlan, type RgbaFrame } from '../../renderer/export/gif.ts';

/** A flat test card: a background and a bar whose length shows the frame number. */
function card(width: number, height: number, n: number, colors: number[][]): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = (x < (n + 1) * 8 && y > 4 && y < 12 ? colors[n % colors.length] : [255, 255, 255]) as number[];
      data.set([c[0] as number, c[1] as number, c[2] as number, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

function decode(bytes: Uint8Array) {
  const reader = new GifReader(Buffer.from(bytes));
  const frames = Array.from({ length: reader.numFrames() }, (_, i) => {
    const pixels = new Uint8ClampedArray(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(i, pixels);
    return { info: reader.frameInfo(i), pixels };
  });
  return { width: reader.width, height: reader.height, loop: reader.loopCount(), frames };
}

describe('animated GIF', () => {
  const colors = [
    [0x26, 0x6f, 0xdc],
    [0xbc, 0x54, 0x02],
    [0x32, 0x84, 0x63],
  ];
  const frames = [0, 1, 2, 3].map((n) => card(48, 16, n, colors));

  test('decodes to the same frames, in order, with their exact colours', () => {
    const gif = decode(encodeGif(frames, { delayMs: 500 }));
    expect(gif.width).toBe(48);
    expect(gif.height).toBe(16);
    expect(gif.frames).toHaveLength(4);
    gif.frames.forEach((frame, i) => expect(Buffer.from(frame.pixels).equals(Buffer.from((frames[i] as RgbaFrame).data)), `frame ${i}`).toBe(true));
  });

  test('delays in hundredths, the last frame held longer, looping forever or once', () => {
    const gif = decode(encodeGif(frames, { delayMs: 500, lastDelayMs: 2000 }));
    expect(gif.frames.map((f) => f.info.delay)).toEqual([50, 50, 50, 200]);
    expect(gif.loop).toBe(0);
    expect(decode(encodeGif(frames, { loop: false })).loop).toBe(null);
  });

  test('a frame with more than 256 colours is quantised, not refused', () => {
    const data = new Uint8ClampedArray(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) data.set([i % 256, (i >> 4) % 256, (i * 7) % 256, 255], i * 4);
    const gif = decode(encodeGif([{ width: 64, height: 64, data }]));
    expect(gif.frames).toHaveLength(1);
    // Close to the original, pixel by pixel.
    let worst = 0;
    for (let i = 0; i < data.length; i += 4) worst = Math.max(worst, Math.abs((gif.frames[0]?.pixels[i] as number) - (data[i] as number)));
    expect(worst).toBeLessThan(48);
  });

  test('frames of different sizes, or no frames, are refused', () => {
    expect(() => encodeGif([])).toThrow(/one frame at least/);
    expect(() => encodeGif([card(48, 16, 0, colors), card(40, 16, 0, colors)])).toThrow(/frame 2 is 40×16, not 48×16/);
  });
});

describe('frames of a range of steps', () => {
  test('every step, both ends included', () => {
    expect(framePlan(3, 7)).toEqual([3, 4, 5, 6, 7]);
    expect(framePlan(5, 5)).toEqual([5]);
  });
  test('a long range is thinned to the frame budget and still ends on its last step', () => {
    const plan = framePlan(0, 1000, 100);
    expect(plan.length).toBeLessThanOrEqual(101);
    expect(plan[0]).toBe(0);
    expect(plan.at(-1)).toBe(1000);
  });
  test('a backwards range is refused', () => {
    expect(() => framePlan(5, 4)).toThrow(RangeError);
  });
  test('numbered names sort in order', () => {
    expect(frameFileName('01-counter.py', 7, 25)).toBe('01-counter-step-007.png');
    expect(frameFileName('my lesson!.py', 12, 12345)).toBe('my-lesson-step-00012.png');
    const names = [9, 10, 100].map((s) => frameFileName('x', s, 100));
    expect([...names].sort()).toEqual(names);
  });
});
