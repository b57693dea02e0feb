/**
 * The standalone HTML player: one offline file that holds a scenario, its trace and the player,
 * and opens from file:// in any browser with no server (for a learning platform or an email).
 *
 * The player page (renderer/player/player.html, built by vite.player.config.ts into one file with
 * its script and styles inlined and hashed into its Content-Security-Policy) carries two empty
 * data blocks. This fills them: the scenario's name, file and source, and the trace in its JSON
 * form. Data blocks (`<script type="application/json">`) are never executed, so the CSP needs no
 * entry for them; every `<` is written as \u003c, so no text in a trace can end the block early.
 */
import { traceToJSON } from '../../scheduler/trace/json.ts';
import type { Trace } from '../../scheduler/trace/format.ts';

export const SCENARIO_BLOCK = 'loopscope-scenario';
export const TRACE_BLOCK = 'loopscope-trace';

/** What the player shows besides the trace. */
export interface PlayerScenario {
  name: string;
  file: string;
  source: string;
}

/** JSON text that may sit inside a <script> element: `<` (and the two JS line separators) escaped. */
export function scriptSafeJSON(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function fill(template: string, id: string, json: string): string {
  const open = `<script type="application/json" id="${id}">`;
  const at = template.indexOf(open);
  const close = at === -1 ? -1 : template.indexOf('</script>', at);
  if (at === -1 || close === -1) throw new Error(`the player page has no ${id} block: rebuild it (npm run build:cli)`);
  return template.slice(0, at + open.length) + scriptSafeJSON(json) + template.slice(close);
}

/** The player page with this scenario and trace in it. */
export function playerHtml(template: string, scenario: PlayerScenario, trace: Trace): string {
  const withScenario = fill(template, SCENARIO_BLOCK, JSON.stringify({ name: scenario.name, file: scenario.file, source: scenario.source }));
  // The title names the scenario (escaped for HTML: the title element's text).
  const title = `${scenario.name} — Loopscope`.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return fill(withScenario, TRACE_BLOCK, traceToJSON(trace)).replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`);
}

/** The player's side: read the blocks back (null when a block is empty, as in the bare template). */
export function readEmbedded(blockText: (id: string) => string | null): { scenario: PlayerScenario; traceJSON: string } | null {
  const scenarioText = blockText(SCENARIO_BLOCK)?.trim() ?? '';
  const traceJSON = blockText(TRACE_BLOCK)?.trim() ?? '';
  if (scenarioText === '' || traceJSON === '' || scenarioText === 'null') return null;
  const raw = JSON.parse(scenarioText) as Partial<PlayerScenario>;
  return { scenario: { name: String(raw.name ?? 'scenario'), file: String(raw.file ?? ''), source: String(raw.source ?? '') }, traceJSON };
}
