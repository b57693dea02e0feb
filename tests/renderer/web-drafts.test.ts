/** The web build's memory of the open document (localStorage), with a storage that can refuse. */
import { describe, expect, it } from 'vitest';
import { DRAFT_KEY, DraftStorageError, DraftStore, isDirty, type Draft, type StorageLike } from '../../renderer/app/web-drafts.ts';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  /** Characters it holds at most, as a browser's quota. */
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (value.length > this.quota) {
      const error = new Error('The quota has been exceeded.');
      error.name = 'QuotaExceededError';
      throw error;
    }
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const draft = (source: string, base: string | null): Draft => ({ file: 'scenarios/a.py', name: 'a.py', gallery: 'a.py', source, base, savedAt: 1 });

describe('the document kept in the browser', () => {
  it('keeps and gives back an edited document, base included', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    expect(store.load()).toBeNull();
    store.save(draft('x = 2\n', 'x = 1\n'));
    expect(store.load()).toEqual(draft('x = 2\n', 'x = 1\n'));
    expect(isDirty(store.load()!)).toBe(true);
  });

  it('a clean document is kept without a second copy of its text, and comes back clean', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage);
    store.save(draft('x = 1\n', 'x = 1\n'));
    expect((storage.getItem(DRAFT_KEY) ?? '').split('x = 1').length - 1).toBe(1);
    const loaded = store.load()!;
    expect(loaded.base).toBe('x = 1\n');
    expect(isDirty(loaded)).toBe(false);
  });

  it('text never saved is dirty', () => {
    expect(isDirty(draft('x', null))).toBe(true);
  });

  it('a full storage gets a message that says what to do, and the last good copy stays', () => {
    const storage = new MemoryStorage(200);
    const store = new DraftStore(storage);
    store.save(draft('x = 2\n', 'x = 1\n'));
    const big = `# ${'a'.repeat(500)}\n`;
    expect(() => store.save(draft(big, 'x = 1\n'))).toThrow(DraftStorageError);
    try {
      store.save(draft(big, 'x = 1\n'));
    } catch (error) {
      expect((error as Error).message).toMatch(/could not be kept in this browser's storage \(it is full: .* did not fit\).*use Download \.py to keep a copy/);
    }
    expect(store.load()?.source).toBe('x = 2\n');
  });

  it('storage turned off: saving says so, loading finds nothing', () => {
    const store = new DraftStore(null);
    expect(store.load()).toBeNull();
    expect(() => store.save(draft('x', 'x'))).toThrow(/storage is turned off/);
  });

  it('a damaged entry is ignored, not trusted', () => {
    const storage = new MemoryStorage();
    storage.setItem(DRAFT_KEY, '{"file": 3');
    expect(new DraftStore(storage).load()).toBeNull();
    storage.setItem(DRAFT_KEY, JSON.stringify({ file: 'a.py', name: 'a.py' }));
    expect(new DraftStore(storage).load()).toBeNull();
  });
});
