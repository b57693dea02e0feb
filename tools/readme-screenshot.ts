/**
 * The README's screenshot (docs/screenshot.png): the web build in headless Chromium, 1440x900,
 * light theme, playing a gallery scenario stopped at an interesting step.
 *
 *   node --import tsx tools/readme-screenshot.ts [--out docs/screenshot.png] [--step 25] [--axis tick|time]
 *
 * Needs Debian's Chromium (/usr/bin/chromium), as the browser tests do.
 */
import { join } from 'node:path';
import { ROOT, VIEWPORT, newContext, openFromGallery, skipReason, startBrowser } from '../tests/browser/support.ts';

const SCENARIO = { title: 'Producer and consumers with a bounded queue', name: '05-producer-consumer-bounded-queue.py' };

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

async function main(): Promise<void> {
  if (skipReason !== null) throw new Error(skipReason);
  const out = join(ROOT, option('out', join('docs', 'screenshot.png')));
  const step = Number(option('step', '25'));
  const axis = option('axis', 'tick');
  const fixture = await startBrowser();
  try {
    const context = await newContext(fixture);
    const page = await context.newPage();
    await page.goto(fixture.url);
    await openFromGallery(page, SCENARIO.title, SCENARIO.name);
    if (axis === 'time') await page.getByRole('button', { name: 'Time axis' }).click();
    // Play for a moment (as a viewer would), then settle on the step.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(400);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < step; i++) await page.keyboard.press('ArrowRight');
    // No focus ring on a toolbar button, no hover tooltip: move the mouse out of the way.
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }).document.activeElement?.blur?.());
    await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: out });
    console.log(`wrote ${out} (${SCENARIO.name}, step ${step}, ${axis} axis)`);
  } finally {
    await fixture.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
