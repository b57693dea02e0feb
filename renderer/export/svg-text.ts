/**
 * Writing SVG as text, the same bytes every time: numbers rounded to a tenth of a pixel (and never
 * "-0"), attributes in the order given, text escaped for XML.
 */

/** A coordinate as text: one decimal at most. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an attribute value or an element's content; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(attributes: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? num(value) : xml(value)}"`;
  }
  return out;
}

/** `<name a="1"/>`, or with content `<name a="1">content</name>` (content is already SVG). */
export function el(name: string, attributes: Attrs, content?: string): string {
  return content === undefined ? `<${name}${attrs(attributes)}/>` : `<${name}${attrs(attributes)}>${content}</${name}>`;
}

/** A text element; `title` adds a tooltip with the full text (for labels that were cut). */
export function text(attributes: Attrs, content: string, title?: string): string {
  return el('text', attributes, `${xml(content)}${title === undefined || title === content ? '' : `<title>${xml(title)}</title>`}`);
}

/**
 * A label's width in pixels, estimated without a font engine (the CLI has none): an average
 * advance per character of `em` times the font size. Generous, so estimated fits really fit.
 */
export function textWidth(content: string, fontSize: number, em = 0.58): number {
  let wide = 0;
  for (const c of content) wide += /[MW@%mw]/.test(c) ? 1.35 : /[iljtf.,:;'|!() ]/.test(c) ? 0.55 : 1;
  return wide * fontSize * em;
}

/** The text cut with an ellipsis to fit `max` pixels, or null when not even three characters fit. */
export function fitText(content: string, fontSize: number, max: number): string | null {
  if (textWidth(content, fontSize) <= max) return content;
  const chars = [...content];
  const guess = Math.floor((chars.length * max) / textWidth(content, fontSize)) + 1;
  for (let n = Math.min(chars.length - 1, guess); n >= 3; n--) {
    const cut = `${chars.slice(0, n).join('')}…`;
    if (textWidth(cut, fontSize) <= max) return cut;
  }
  return null;
}
