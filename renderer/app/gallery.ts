/** The browser build's gallery: the bundled scenario sources, described as main describes them. */
import type { GalleryEntry } from '../../main/common/contract.ts';
import { describeScenario } from '../../main/common/gallery.ts';

export { describeScenario };

/** Gallery entries in file-name order from `{ path: source }` (what import.meta.glob gives). */
export function galleryFrom(sources: Record<string, string>): { entries: GalleryEntry[]; sources: Map<string, string> } {
  const byName = new Map<string, string>();
  for (const [path, source] of Object.entries(sources)) byName.set(path.slice(path.lastIndexOf('/') + 1), source);
  const names = [...byName.keys()].sort();
  return { entries: names.map((name) => describeScenario(name, byName.get(name) as string)), sources: byName };
}
