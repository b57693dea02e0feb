/** Task colours: a fixed categorical palette (CSS classes tc-0..tc-N-1, defined per theme). */
export const PALETTE_SIZE = 10;
export const colorIndex = (task: number): number => (task < 0 ? -1 : task % PALETTE_SIZE);
export const colorClass = (task: number): string => (task < 0 ? 'tc-none' : `tc-${task % PALETTE_SIZE}`);
