/**
 * The classic pair, built into the compare view: scenarios/compare/three-sleeps.py, its function
 * `awaited` (three `await asyncio.sleep(1)` in turn: 3.00 s) against `gathered` (the same three
 * handed to asyncio.gather: 1.00 s), each run on its own as function-runs.ts describes.
 */
export const CLASSIC_PAIR = {
  /** The file, inside scenarios/. */
  file: 'compare/three-sleeps.py',
  functions: ['awaited', 'gathered'] as const,
};
