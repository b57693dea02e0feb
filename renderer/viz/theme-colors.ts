/**
 * The theme's colours as plain values, for pictures drawn away from the page (the SVG export, the
 * CLI): the same values as theme.css's custom properties, which a test keeps in agreement. In the
 * page, the canvases read them from CSS (draw.ts readPalette), so a theme stays one file to edit.
 */
import { TASK_COLORS } from './colors.ts';

export type ThemeName = 'light' | 'dark';

export interface ThemeColors {
  /** Task colours, tc-0..tc-N-1. */
  tasks: readonly string[];
  /** Keyed by the CSS custom property's name without its leading dashes. */
  bg: string;
  panel: string;
  'panel-2': string;
  line: string;
  'line-strong': string;
  text: string;
  muted: string;
  faint: string;
  accent: string;
  cursor: string;
  danger: string;
  'danger-soft': string;
  warn: string;
  ok: string;
  loop: string;
  'loop-soft': string;
  grid: string;
  'tc-none': string;
}

export const THEME_COLORS: Record<ThemeName, ThemeColors> = {
  light: {
    tasks: TASK_COLORS.light,
    bg: '#f4f5f8',
    panel: '#ffffff',
    'panel-2': '#f8f9fb',
    line: '#dfe2ea',
    'line-strong': '#c5cad6',
    text: '#1b1f2a',
    muted: '#5f6778',
    faint: '#8a91a1',
    accent: '#2f5fe0',
    cursor: '#e0475b',
    danger: '#c62839',
    'danger-soft': '#fde8ea',
    warn: '#a86400',
    ok: '#1d8a52',
    loop: '#8b93a7',
    'loop-soft': '#e6e8ef',
    grid: '#eceef3',
    'tc-none': '#8b93a7',
  },
  dark: {
    tasks: TASK_COLORS.dark,
    bg: '#0f1218',
    panel: '#171b23',
    'panel-2': '#1c212b',
    line: '#2a303c',
    'line-strong': '#3a4252',
    text: '#e7eaf0',
    muted: '#a2aabb',
    faint: '#747d90',
    accent: '#6d93ff',
    cursor: '#ff6b7d',
    danger: '#ff6b74',
    'danger-soft': '#3a1b20',
    warn: '#f0b14a',
    ok: '#4cc98a',
    loop: '#7e879c',
    'loop-soft': '#262c38',
    grid: '#1f2430',
    'tc-none': '#7e879c',
  },
};

/** The font stacks of theme.css (--font and --mono). */
export const FONT = "'Inter', 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif";
export const MONO = "'JetBrains Mono', 'SFMono-Regular', ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
