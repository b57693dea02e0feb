/**
 * The renderer's private memory every second for 30 s after a large trace is drawn, the page left
 * alone: when what the opening freed goes back to the system (bench/renderer.ts reads the memory
 * a second after drawing and again once it has settled).
 *
 *   node --import tsx bench/memory-settle.ts [.py|.json] [mixed-1m|mixed-3m]
 *
 * A tool to see when, not a figure for the README (that is `npm run bench`).
 */
import { basename } from 'node:path';
import { newContext, startBrowser } from '../tests/browser/support.ts';
import { rendererMemory } from './renderer.ts';
import { MIXED, benchScenario, benchTrace } from './traces.ts';

const how = process.argv[2] ?? '.py';
const mixed = MIXED.find((m) => m.name === (process.argv[3] ?? 'mixed-1m')) ?? MIXED[0];
const file = how === '.py' ? benchScenario(mixed.name, mixed.rounds) : benchTrace(mixed.label, mixed.name, mixed.rounds).file;

const fixture = await startBrowser();
try {
  const context = await newContext(fixture);
  const page = await context.newPage();
  await page.goto(fixture.url);
  await page.getByRole('heading', { name: /Open a scenario/ }).waitFor();
  await page.setInputFiles('input[type=file]', file);
  await page.waitForFunction((name) => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string | undefined> } } }).document.documentElement.dataset['drawn'] === name, basename(file), {
    timeout: 600_000,
    polling: 250,
  });
  const samples: string[] = [];
  for (let second = 0; second <= 30; second++) {
    samples.push(`${second} s ${(await rendererMemory(fixture)).privateMb.toFixed(0)}`);
    await page.waitForTimeout(1000);
  }
  console.log(`${mixed.name} ${how}, the renderer's private memory (MB) after it was drawn: ${samples.join(', ')}`);
  await context.close();
} finally {
  await fixture.close();
}
