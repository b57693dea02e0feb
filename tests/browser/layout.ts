/**
 * Layout checks from bounding boxes: which of a page's panels overlap. Two boxes that only touch
 * (a shared border) do not overlap; a box with no size (a collapsed panel) overlaps nothing.
 */
export interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every pair of boxes whose areas overlap by more than `tolerance` pixels both ways. */
export function overlappingPairs(boxes: readonly Box[], tolerance = 0.5): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as Box;
      const b = boxes[j] as Box;
      if (a.width <= 0 || a.height <= 0 || b.width <= 0 || b.height <= 0) continue;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > tolerance && h > tolerance) pairs.push([a.name, b.name]);
    }
  }
  return pairs;
}

/** Boxes that stick out of the viewport (clipped on screen). */
export function outsideViewport(boxes: readonly Box[], viewport: { width: number; height: number }, tolerance = 0.5): string[] {
  return boxes.filter((b) => b.width > 0 && b.height > 0 && (b.x < -tolerance || b.y < -tolerance || b.x + b.width > viewport.width + tolerance || b.y + b.height > viewport.height + tolerance)).map((b) => b.name);
}
