#!/usr/bin/env node
/**
 * Draws Loopscope's app icon and writes the PNGs electron-builder reads from build/:
 *   build/icon.png            512x512 (macOS and Windows convert it to .icns/.ico themselves)
 *   build/icons/NxN.png       256 and 512 for Linux (AppImage, deb)
 *
 *   node build/make-icons.mjs
 *
 * No image library: shapes are signed-distance functions sampled 4x4 per pixel for smooth
 * edges, and the PNG is encoded with node:zlib. The picture: an event loop (a ring with an
 * arrowhead) around three task lanes, on a rounded square.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- geometry (unit square, y down) ---------------------------------------------------------

const roundedRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

/** Distance to a ring arc from angle a0 to a1 (radians, clockwise from +x, y down). */
const arc = (x, y, cx, cy, radius, width, a0, a1) => {
  const dx = x - cx;
  const dy = y - cy;
  let angle = Math.atan2(dy, dx);
  if (angle < a0) angle += 2 * Math.PI;
  if (angle >= a0 && angle <= a1) return Math.abs(Math.hypot(dx, dy) - radius) - width / 2;
  // Outside the arc's angles: round caps at both ends.
  const end = (a) => Math.hypot(x - (cx + radius * Math.cos(a)), y - (cy + radius * Math.sin(a))) - width / 2;
  return Math.min(end(a0), end(a1));
};

const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const edge = (px, py, qx, qy) => ((qx - px) * (y - py) - (qy - py) * (x - px)) / Math.hypot(qx - px, qy - py);
  const e1 = edge(ax, ay, bx, by);
  const e2 = edge(bx, by, cx, cy);
  const e3 = edge(cx, cy, ax, ay);
  const sign = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) > 0 ? 1 : -1;
  return -Math.min(sign * e1, sign * e2, sign * e3);
};

const RING = { cx: 0.5, cy: 0.5, r: 0.27, w: 0.055, a0: -Math.PI / 2 + 0.55, a1: -Math.PI / 2 + 2 * Math.PI - 0.35 };
const head = (() => {
  // Arrowhead at the arc's end, pointing along the direction of travel (clockwise).
  const a = RING.a1;
  const px = RING.cx + RING.r * Math.cos(a);
  const py = RING.cy + RING.r * Math.sin(a);
  const tx = -Math.sin(a);
  const ty = Math.cos(a);
  const nx = Math.cos(a);
  const ny = Math.sin(a);
  const len = 0.11;
  const half = 0.075;
  return [
    [px + tx * len, py + ty * len],
    [px + nx * half, py + ny * half],
    [px - nx * half, py - ny * half],
  ];
})();

const LANES = [
  { y: 0.42, x0: 0.36, x1: 0.55, color: [255, 196, 87] },
  { y: 0.5, x0: 0.44, x1: 0.64, color: [255, 122, 150] },
  { y: 0.58, x0: 0.36, x1: 0.5, color: [120, 220, 140] },
];

const TEAL = [94, 224, 208];

/** Layers from back to front: [distance function, colour function]. */
const layers = [
  [
    (x, y) => roundedRect(x, y, 0.5, 0.5, 0.41, 0.41, 0.095),
    (_x, y) => mix([46, 62, 112], [22, 28, 58], y),
  ],
  [(x, y) => arc(x, y, RING.cx, RING.cy, RING.r, RING.w, RING.a0, RING.a1), () => TEAL],
  [(x, y) => triangle(x, y, ...head), () => TEAL],
  ...LANES.map((lane) => [(x, y) => roundedRect(x, y, (lane.x0 + lane.x1) / 2, lane.y, (lane.x1 - lane.x0) / 2, 0.022, 0.022), () => lane.color]),
];

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

// ---- raster and PNG ------------------------------------------------------------------------

function render(size) {
  const samples = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // Composite front-to-back is not needed: layers are opaque, so the last hit wins.
          let color = null;
          for (const [distance, paint] of layers) if (distance(x, y) <= 0) color = paint(x, y);
          if (color !== null) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      // Straight (non-premultiplied) alpha, as PNG stores it.
      rgba[o] = a === 0 ? 0 : Math.round(r / a);
      rgba[o + 1] = a === 0 ? 0 : Math.round(g / a);
      rgba[o + 2] = a === 0 ? 0 : Math.round(b / a);
      rgba[o + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  // compression, filter, interlace: 0
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outputs = [
  [512, join(here, 'icon.png')],
  [512, join(here, 'icons', '512x512.png')],
  [256, join(here, 'icons', '256x256.png')],
];
const cache = new Map();
for (const [size, path] of outputs) {
  if (!cache.has(size)) cache.set(size, encodePng(size, render(size)));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, cache.get(size));
  console.log(`wrote ${path} (${size}x${size}, ${cache.get(size).length} bytes)`);
}
