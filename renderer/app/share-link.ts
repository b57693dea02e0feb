/**
 * What the web build's address bar carries: the open scenario and the step on screen, in the
 * URL's fragment (which never reaches a server). A gallery scenario is named; any other text
 * travels inside the link, deflated (CompressionStream 'deflate-raw') and written in base64url.
 *
 *   #gallery=02-three-coroutines-gathered.py&step=12
 *   #name=mine.py&code=q1YqSs1JTSxJTVGyUlAqLs0tyMlPVKoF…&step=12
 *   #gallery=02-three-coroutines-gathered.py&step=4&mark=3:the+clock+jumps&mark=10
 *
 * The teacher's bookmarks ride along as `mark` parameters (renderer/teach/bookmarks.ts).
 *
 * A fragment is kept to MAX_FRAGMENT characters: browsers and chat programs take longer URLs, but
 * mail clients and link shorteners start cutting them past a few thousand characters, and a link
 * that arrives cut opens nothing. A longer text is not put in the link; the person is told, and
 * offered the download instead.
 */
import { readBookmarkParams, writeBookmarkParams, type Bookmark } from '../teach/bookmarks.ts';

/** The longest fragment written (after '#'), in characters: 8 KB. */
export const MAX_FRAGMENT = 8192;
/** The most text a link may unpack to: past this a link is refused rather than inflated. */
export const MAX_LINK_SOURCE = 1_000_000;

export type SharedDocument = { kind: 'gallery'; name: string } | { kind: 'code'; name: string; source: string };

/** What a fragment opens. `named` is a link whose text was too long to carry: only its name. */
export type SharedLink =
  | { kind: 'gallery'; name: string; step: number; marks: Bookmark[] }
  | { kind: 'code'; name: string; source: string; step: number; marks: Bookmark[] }
  | { kind: 'named'; name: string; step: number; marks: Bookmark[] }
  | { kind: 'broken'; message: string };

export type EncodedLink =
  | { fits: true; fragment: string }
  /** Too long: `fragment` names the document without its text; `length` is what it would have taken. */
  | { fits: false; fragment: string; length: number };

const GALLERY_NAME = /^[\w.-]+\.py$/;
/** A file name shown in the title and used for a download: no folders, no control characters. */
const FILE_NAME = /^[^\\/\u0000-\u001f\u007f]{1,120}\.py$/i;

/** A name from a link made safe to show and to download as; a bad one becomes `shared.py`. */
export function safeName(name: string | null): string {
  return name !== null && FILE_NAME.test(name) && !name.startsWith('.') ? name : 'shared.py';
}

function withStep(params: URLSearchParams, step: number, marks: readonly Bookmark[]): string {
  if (step > 0) params.set('step', String(Math.floor(step)));
  writeBookmarkParams(params, marks);
  return params.toString();
}

/** The fragment (without '#') for a document at a step. */
export async function encodeLink(document: SharedDocument, step: number, marks: readonly Bookmark[] = []): Promise<EncodedLink> {
  if (document.kind === 'gallery') return { fits: true, fragment: withStep(new URLSearchParams({ gallery: document.name }), step, marks) };
  const code = toBase64Url(await deflate(document.source));
  const fragment = withStep(new URLSearchParams({ name: document.name, code }), step, marks);
  if (fragment.length <= MAX_FRAGMENT) return { fits: true, fragment };
  return { fits: false, fragment: withStep(new URLSearchParams({ name: document.name }), step, marks), length: fragment.length };
}

/** What a fragment (with or without its '#') opens; null for an empty one. */
export async function decodeLink(fragment: string): Promise<SharedLink | null> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return null;
  const params = new URLSearchParams(text);
  const rawStep = params.get('step');
  const step = rawStep !== null && /^\d{1,9}$/.test(rawStep) ? Number(rawStep) : 0;
  const marks = readBookmarkParams(params);
  const gallery = params.get('gallery');
  if (gallery !== null) {
    if (!GALLERY_NAME.test(gallery) || gallery.startsWith('.')) return { kind: 'broken', message: `The link names a gallery scenario “${gallery}” that does not exist.` };
    return { kind: 'gallery', name: gallery, step, marks };
  }
  const name = safeName(params.get('name'));
  const code = params.get('code');
  if (code === null) return params.has('name') ? { kind: 'named', name, step, marks } : null;
  let source: string;
  try {
    source = await inflate(fromBase64Url(code), MAX_LINK_SOURCE);
  } catch (error) {
    return { kind: 'broken', message: `The link’s scenario could not be read (${error instanceof Error ? error.message : String(error)}): it may have been cut short when it was copied.` };
  }
  return { kind: 'code', name, source, step, marks };
}

// ----- deflate-raw and base64url -----

async function deflate(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflate, refusing output longer than `limit` bytes (a small link can unpack to a lot). */
async function inflate(bytes: Uint8Array, limit: number): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${limit.toLocaleString('en-US')} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it holds characters that base64url does not use');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
