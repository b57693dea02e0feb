/**
 * The web build's address bar and start-up. The URL's fragment always says what is on screen (a
 * gallery scenario by name, or the edited text inside the link, and the step; share-link.ts),
 * so the address bar is a link to share, a bookmark and what a reload reopens:
 *
 *   - opening another scenario adds a history entry (pushState); edits and steps replace the
 *     current one (replaceState, at most every URL_DELAY_MS), so Back and Forward move between
 *     scenarios, not keystrokes;
 *   - Back and Forward reopen the scenario of their entry, at its step;
 *   - at start, a link is opened; without one (or on a reload, whose link this tab wrote) the
 *     document kept in storage comes back. A link that would replace unsaved text kept in storage
 *     asks first, like any other open (the replace guard).
 */
import type { Session } from './session.svelte.ts';
import type { WebHost } from './web-host.ts';
import type { Bookmark } from '../teach/bookmarks.ts';
import { decodeLink, encodeLink, type SharedDocument, type SharedLink } from './share-link.ts';
import { isDirty, type Draft } from './web-drafts.ts';

/** The most often the address bar is rewritten while stepping or typing. */
const URL_DELAY_MS = 400;

export type LinkMessage = { kind: 'copied'; url: string } | { kind: 'manual'; url: string } | { kind: 'too-long'; length: number };

export class WebLinks {
  /** What the last Copy link did, for the page to show. */
  message = $state.raw<LinkMessage | null>(null);

  /** The next address written replaces the entry instead of adding one (start-up, Back/Forward). */
  private replaceNext = true;
  private writtenGeneration = -1;
  private writeSeq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly session: Session,
    private readonly host: WebHost,
  ) {
    host.fileError = (error) => {
      // A saved trace the worker refused ends that open: its progress goes with it.
      if (!host.running) session.running = null;
      session.report(error);
    };
    host.setReplaceGuard((incoming) => this.confirmReplace(incoming));
  }

  /** Subscribe to Back/Forward and keep the address bar in step; returns the unsubscribe. */
  connect(): () => void {
    const onPopState = (): void => void this.followHistory();
    window.addEventListener('popstate', onPopState);
    const stop = $effect.root(() => {
      $effect(() => {
        // Read what the address depends on, then write it a little later.
        void this.session.document.generation;
        void this.session.document.text;
        void this.session.document.dirty;
        void this.session.cursor;
        void this.session.bookmarks;
        if (this.session.document.file === '') return;
        this.schedule();
      });
    });
    return () => {
      window.removeEventListener('popstate', onPopState);
      stop();
      if (this.timer !== null) clearTimeout(this.timer);
    };
  }

  /** Open what the address names, or bring back the document kept in storage. */
  async start(): Promise<void> {
    const link = await decodeLink(location.hash);
    const draft = this.host.drafts.load();
    if (link?.kind === 'broken') this.session.notice = link.message;
    const navigation = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type;
    // A reload or a step through history: the address was this tab's own, the draft is newer.
    const ours = navigation === 'reload' || navigation === 'back_forward';
    if (link === null || link.kind === 'broken' || link.kind === 'named') {
      if (draft !== null) {
        const same = link !== null && link.kind === 'named' && link.name === draft.name;
        this.restore(draft, same ? link.step : 0, same ? link.marks : []);
      }
      else if (link?.kind === 'named') this.session.notice = `This link names ${link.name}, but its text was too long to travel in a link: ask for the file itself.`;
      return;
    }
    if (draft !== null && (ours || sameDocument(link, draft))) {
      this.restore(draft, link.step, link.marks);
      return;
    }
    if (draft !== null && isDirty(draft)) {
      // Unsaved text from an earlier visit: show it, then open the link, which asks about it.
      this.restore(draft, 0, []);
    }
    await this.open(link);
  }

  /** Copy a link to what is on screen, or say why it cannot be one. */
  async copyLink(): Promise<void> {
    const shared = this.current();
    if (shared === null) return;
    const encoded = await encodeLink(shared, this.session.cursor, this.session.bookmarks);
    if (!encoded.fits) {
      this.message = { kind: 'too-long', length: encoded.length };
      return;
    }
    const url = `${location.origin}${location.pathname}#${encoded.fragment}`;
    try {
      await navigator.clipboard.writeText(url);
      this.message = { kind: 'copied', url };
    } catch {
      // No clipboard permission (an embedded page, an old browser): show it to copy by hand.
      this.message = { kind: 'manual', url };
    }
  }

  // ----- the address bar -----

  private current(): SharedDocument | null {
    const open = this.host.openDocument;
    const document = this.session.document;
    if (open === null || document.file === '') return null;
    if (open.gallery !== null && !document.dirty) return { kind: 'gallery', name: open.gallery };
    return { kind: 'code', name: document.name, source: document.text };
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    // A new document is written at once (its history entry); edits and steps after a pause.
    const delay = this.session.document.generation !== this.writtenGeneration ? 0 : URL_DELAY_MS;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, delay);
  }

  private async write(): Promise<void> {
    const shared = this.current();
    if (shared === null) return;
    const seq = ++this.writeSeq;
    const generation = this.session.document.generation;
    const encoded = await encodeLink(shared, this.session.cursor, this.session.bookmarks);
    if (seq !== this.writeSeq) return;
    const url = `${location.pathname}${location.search}#${encoded.fragment}`;
    const isNew = generation !== this.writtenGeneration;
    this.writtenGeneration = generation;
    if (`#${encoded.fragment}` === location.hash) return;
    if (isNew && !this.replaceNext) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    this.replaceNext = false;
  }

  /** Back or Forward: open the entry's scenario (asking about unsaved changes), at its step. */
  private async followHistory(): Promise<void> {
    const link = await decodeLink(location.hash);
    if (link === null || link.kind === 'broken' || link.kind === 'named') return;
    const shared = this.current();
    if (shared !== null && sameShared(link, shared)) {
      this.session.setCursor(link.step);
      this.session.bookmarks = link.marks;
      return;
    }
    this.replaceNext = true;
    if (!(await this.open(link))) {
      // Cancelled: the address goes back to what is on screen.
      this.writtenGeneration = -1;
      this.replaceNext = true;
      void this.write();
    }
  }

  private async open(link: Extract<SharedLink, { kind: 'gallery' | 'code' }>): Promise<boolean> {
    this.session.pendingStep = link.step;
    this.session.pendingBookmarks = link.marks;
    if (link.kind === 'gallery') {
      if (!this.host.galleryHas(link.name)) {
        this.session.pendingStep = this.session.pendingBookmarks = null;
        this.session.notice = `The link names a gallery scenario “${link.name}” that this version of Loopscope does not have.`;
        return false;
      }
      // A new document object means it opened; the same one, that the question was cancelled.
      const before = this.host.openDocument;
      await this.host.openGallery(link.name).catch((error: unknown) => this.session.report(error));
      const opened = this.host.openDocument !== before;
      if (!opened) this.session.pendingStep = this.session.pendingBookmarks = null;
      return opened;
    }
    const opened = await this.host.openShared(link.name, link.source);
    if (!opened) this.session.pendingStep = this.session.pendingBookmarks = null;
    return opened;
  }

  private restore(draft: Draft, step: number, marks: Bookmark[]): void {
    this.session.pendingStep = step;
    this.session.pendingBookmarks = marks;
    this.host.restore(draft);
  }

  // ----- unsaved changes -----

  private async confirmReplace(incoming: string): Promise<boolean> {
    const document = this.session.document;
    if (!document.dirty) return true;
    const answer = await this.session.ask({
      title: `Keep your changes to ${document.name}?`,
      message: `${document.name} has changes you have not downloaded. Opening ${incoming} replaces them.`,
      choices: [
        { value: 'download', label: 'Download, then open' },
        { value: 'discard', label: 'Discard my changes' },
        { value: 'cancel', label: 'Cancel' },
      ],
    });
    if (answer === 'cancel') return false;
    if (answer === 'download') await this.session.save();
    return true;
  }
}

function sameDocument(link: Extract<SharedLink, { kind: 'gallery' | 'code' }>, draft: Draft): boolean {
  return link.kind === 'gallery' ? draft.gallery === link.name && !isDirty(draft) : draft.source === link.source;
}

function sameShared(link: Extract<SharedLink, { kind: 'gallery' | 'code' }>, shared: SharedDocument): boolean {
  return link.kind === 'gallery' ? shared.kind === 'gallery' && shared.name === link.name : shared.kind === 'code' && shared.source === link.source;
}

