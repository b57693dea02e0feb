/**
 * The View menu's choices that main owns: the timeline axis and the theme. The theme is main's
 * because it drives nativeTheme.themeSource, which is what the renderer's
 * `prefers-color-scheme` follows; it is saved so the app reopens in the chosen theme.
 */
import { z } from 'zod';
import type { MenuCommand } from '../common/contract.ts';

export const ViewSettings = z.object({
  axis: z.enum(['ticks', 'time']).default('ticks'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
});
export type ViewSettings = z.infer<typeof ViewSettings>;

export const DEFAULT_VIEW_SETTINGS: ViewSettings = { axis: 'ticks', theme: 'system' };

/** The settings after a menu command (zoom commands leave them alone). */
export function applyMenuCommand(settings: ViewSettings, command: MenuCommand): ViewSettings {
  switch (command) {
    case 'axis-ticks':
      return { ...settings, axis: 'ticks' };
    case 'axis-time':
      return { ...settings, axis: 'time' };
    case 'theme-system':
      return { ...settings, theme: 'system' };
    case 'theme-light':
      return { ...settings, theme: 'light' };
    case 'theme-dark':
      return { ...settings, theme: 'dark' };
    default:
      return settings;
  }
}

/** The commands that tell a freshly loaded renderer what the menu shows. */
export function settingsCommands(settings: ViewSettings): MenuCommand[] {
  return [settings.axis === 'time' ? 'axis-time' : 'axis-ticks', `theme-${settings.theme}`];
}
