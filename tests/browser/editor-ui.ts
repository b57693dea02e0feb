/**
 * Driving the code editor as a person does, for the editing tests: click into it, find text with
 * the editor's own search (Ctrl+F, Enter, Esc leaves the match selected), type over it; and
 * reading what it shows (its lines, its problems) and what the app does in answer (a new drawing).
 */
import type { Page } from 'playwright-core';
import { forgetDrawn, waitForDrawn } from './support.ts';

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The code editor's text area (a contenteditable inside the Code region). */
export function editorContent(page: Page) {
  return page.getByRole('textbox', { name: 'Scenario code' });
}

/**
 * The editor's lines as drawn, read back as text: the chips that mark tasks are not part of it,
 * and a special character drawn as a dot stands for the character it names (data-char).
 */
export async function editorLines(page: Page): Promise<string[]> {
  interface Node {
    nodeType: number;
    textContent: string | null;
    childNodes: Iterable<Node>;
    classList?: { contains(name: string): boolean };
    getAttribute?(name: string): string | null;
  }
  // The editor loads apart from the first frame (code-editor.ts): wait for it.
  const lines = page.getByRole('region', { name: 'Code' }).locator('.cm-content .cm-line');
  await lines.first().waitFor();
  return lines.evaluateAll((els: Node[]) => {
      const read = (node: Node): string => {
        if (node.nodeType === 3) return node.textContent ?? '';
        if (node.classList?.contains('cm-task-chips') || node.classList?.contains('cm-lintPoint')) return '';
        if (node.classList?.contains('cm-specialChar')) return node.getAttribute?.('data-char') ?? '';
        let out = '';
        for (const child of node.childNodes) out += read(child);
        return out;
      };
      return els.map(read);
    });
}

/** Select the first occurrence of `text` with the editor's search panel; the editor keeps focus. */
export async function selectText(page: Page, text: string): Promise<void> {
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+Home`);
  await page.keyboard.press(`${mod}+f`);
  const field = page.getByRole('textbox', { name: 'Find' });
  await field.waitFor();
  // Typed, as a person does: the panel takes the query on each key.
  await field.fill('');
  await field.pressSequentially(text);
  await field.press('Enter');
  await field.press('Escape');
  await page.waitForFunction(
    () => {
      const host = (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { activeElement: { className: string } | null } | null } | null } }).document.querySelector('section[aria-label="Code"] .code-host');
      return host?.shadowRoot?.activeElement?.className.includes('cm-content') ?? false;
    },
    undefined,
    { timeout: 5000 },
  );
}

/** Replace the first occurrence of `from` by `to`, typed key by key. */
export async function replaceText(page: Page, from: string, to: string): Promise<void> {
  await selectText(page, from);
  await page.keyboard.type(to);
}

/** Wait until the scenario `name` has been drawn again after what `action` does. */
export async function redrawnAfter(page: Page, name: string, action: () => Promise<void>): Promise<void> {
  await forgetDrawn(page);
  await action();
  await waitForDrawn(page, name);
}

/** The problems the editor shows: one per underline, with the line it is on. */
export async function underlinedLines(page: Page): Promise<number[]> {
  // The editor loads apart from the first frame (code-editor.ts): wait for it.
  const lines = page.getByRole('region', { name: 'Code' }).locator('.cm-content .cm-line');
  await lines.first().waitFor();
  return lines.evaluateAll((els: { querySelectorAll(s: string): { length: number } }[]) =>
      els.flatMap((e, i) => Array.from({ length: e.querySelectorAll('.cm-lintRange-error, .cm-lintPoint-error').length }, () => i + 1)),
    );
}

/** Keyboard focus is in the code editor. */
export async function editorHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { className: string } | null; querySelector(s: string): { shadowRoot: { activeElement: { className: string } | null } | null } | null } }).document;
    const host = doc.querySelector('section[aria-label="Code"] .code-host');
    return doc.activeElement === (host as unknown) && (host?.shadowRoot?.activeElement?.className.includes('cm-content') ?? false);
  });
}

/** Esc until the editor lets go (the first one may only close a completion list or the search). */
export async function leaveEditor(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await editorHasFocus(page)); i++) await page.keyboard.press('Escape');
}
