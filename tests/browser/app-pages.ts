/**
 * The browser a test file's tests share, and the one app page open at a time: each test that
 * calls `fresh()` gets the app anew in a context of its own (the one before is closed), and
 * everything is closed after the file. Call inside the file's `describe`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openApp, startBrowser, type BrowserFixture, type OpenedPage } from './support.ts';

export interface AppPages {
  /** The browser and the served web build (after beforeAll). */
  readonly fixture: BrowserFixture;
  /** The page open now, with its errors; null before the first. */
  readonly current: OpenedPage | null;
  /** Close the page open now and open the app in a fresh context. */
  fresh(): Promise<Page>;
  /** Close the page open now and keep `opened` (a page a test set up its own way) in its place. */
  replace(opened: OpenedPage | null): Promise<void>;
}

export function appPages(): AppPages {
  let fixture: BrowserFixture | null = null;
  let current: OpenedPage | null = null;
  const replace = async (opened: OpenedPage | null): Promise<void> => {
    await current?.context.close();
    current = opened;
  };
  beforeAll(async () => {
    fixture = await startBrowser();
  }, 180_000);
  afterAll(async () => {
    await replace(null);
    await fixture?.close();
  });
  return {
    get fixture(): BrowserFixture {
      if (fixture === null) throw new Error('the browser is not started yet (use appPages() inside describe, its fixture inside tests)');
      return fixture;
    },
    get current() {
      return current;
    },
    async fresh() {
      await replace(null);
      current = await openApp(this.fixture);
      return current.page;
    },
    replace,
  };
}
