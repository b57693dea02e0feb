/**
 * How a simulated I/O wait is named wherever it is shown (lanes, the code's chips, the state at
 * the cursor): what it asks with a shortened URL, how long the answer takes, and the answer.
 */

/** A URL without its scheme: "www.example.com", "docs.python.org/3/library/asyncio.html". */
export function shortUrl(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/$/, '');
}

/** An I/O description with a shortened URL: "GET https://x.org/a" → "GET x.org/a". */
export function shortIo(description: string): string {
  const space = description.indexOf(' ');
  return space < 0 ? shortUrl(description) : `${description.slice(0, space)} ${shortUrl(description.slice(space + 1))}`;
}

/** "GET example.com/items/0 · 300 ms → 200 OK" (latency in seconds; outcome '' when unknown). */
export function ioWaitLabel(description: string, latency: number, outcome: string): string {
  const rounded = Math.round(latency * 1000);
  const time = rounded < 1000 ? `${rounded} ms` : `${Number((latency).toFixed(3))} s`;
  return `${shortIo(description)} · ${time}${outcome === '' ? '' : ` → ${outcome}`}`;
}
