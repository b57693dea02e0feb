/**
 * The standalone player's entry: read the scenario and trace embedded in the page (embed.ts) and
 * play them with the app's own components. Built into one classic, inlined script (a page opened
 * from file:// cannot load ES modules), see vite.player.config.ts.
 */
import { mount } from 'svelte';
import { traceFromJSON } from '../../scheduler/trace/json.ts';
import { readEmbedded } from './embed.ts';
import { PlayerHost } from './player-host.ts';
import Player from './Player.svelte';
import '../app/theme.css';

const target = document.getElementById('app') as HTMLElement;
try {
  const embedded = readEmbedded((id) => document.getElementById(id)?.textContent ?? null);
  if (embedded === null) throw new Error('This page holds no scenario. Make one with: loopscope run FILE --format html > FILE.html');
  const trace = traceFromJSON(embedded.traceJSON);
  mount(Player, { target, props: { host: new PlayerHost(embedded.scenario, trace), scenario: embedded.scenario } });
} catch (error) {
  const message = document.createElement('p');
  message.className = 'player-error';
  message.textContent = `Loopscope could not open this player: ${error instanceof Error ? error.message : String(error)}`;
  target.replaceChildren(message);
}
