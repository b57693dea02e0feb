/**
 * Gallery entries from scenario files: the module docstring's first line is the title, the rest
 * the description (scenarios/*.py follow that convention).
 */
import type { GalleryEntry } from '../../main/common/contract.ts';

const DOCSTRING = /^\s*(?:#[^\n]*\n\s*)*[rRuU]?("""|''')([\s\S]*?)\1/;

export function describeScenario(name: string, source: string): GalleryEntry {
  const match = DOCSTRING.exec(source);
  const fallback = name.replace(/\.py$/, '').replace(/^\d+-/, '').replace(/-/g, ' ');
  if (match === null) return { name, title: fallback, description: '' };
  const lines = (match[2] as string).trim().split('\n');
  const title = (lines[0] ?? '').trim() || fallback;
  const description = lines
    .slice(1)
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { name, title, description };
}

/** Gallery entries in file-name order from `{ path: source }` (what import.meta.glob gives). */
export function galleryFrom(sources: Record<string, string>): { entries: GalleryEntry[]; sources: Map<string, string> } {
  const byName = new Map<string, string>();
  for (const [path, source] of Object.entries(sources)) byName.set(path.slice(path.lastIndexOf('/') + 1), source);
  const names = [...byName.keys()].sort();
  return { entries: names.map((name) => describeScenario(name, byName.get(name) as string)), sources: byName };
}
