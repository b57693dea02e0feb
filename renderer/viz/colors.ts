/**
 * Task colours: a fixed categorical palette per theme (CSS classes tc-0..tc-N-1; theme.css defines
 * the same values as --tc-N, and a test keeps the two in agreement).
 *
 * The palette is built for colour-blind viewers and for projectors: every pair of colours stays
 * clearly apart (CIEDE2000 ≥ 20) in normal vision and (≥ 12) under simulated deuteranopia and
 * protanopia (Machado et al. 2009, full severity), and every colour keeps a 3:1 contrast with the
 * lanes' background. The hues follow the Okabe–Ito families (blue, orange, bluish green, purple,
 * reddish purple, sky blue, yellow, and a brown), with their lightness spread apart, since
 * lightness is what red–green colour-blind viewers tell colours apart by. States are drawn as
 * patterns (solid, hatched, dotted), never by colour alone. tests/renderer/palette.test.ts checks it.
 */
export const TASK_COLORS = {
  light: ['#266fdc', '#bc5402', '#328463', '#38289c', '#b24880', '#37a0b9', '#b28d00', '#563318'],
  dark: ['#6fa0ff', '#cc7a00', '#0bb79c', '#a653ce', '#ff82ae', '#80e4ff', '#f1ca3c', '#f9c0a4'],
} as const satisfies Record<'light' | 'dark', readonly string[]>;

export const PALETTE_SIZE = TASK_COLORS.light.length;
export const colorIndex = (task: number): number => (task < 0 ? -1 : task % PALETTE_SIZE);
export const colorClass = (task: number): string => (task < 0 ? 'tc-none' : `tc-${task % PALETTE_SIZE}`);
