/** The converter's string layer: string and f-string literals, decoded from the tokenizer's tokens. */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids } from '../nodes.ts';
import type { StringToken } from '../tokenize.ts';
import { HINTS } from '../subset.ts';
import { ConverterBase } from './base.ts';

export abstract class StringConverter extends ConverterBase {
  protected token(node: SyntaxNode): StringToken {
    const t = this.scanned.strings.get(node.from);
    // The tokenizer pass and Lezer must agree on where a string ends; if not, the source uses a
    // form only one of them understands.
    if (!t || t.end !== node.to) this.fail(node.from, node.to, 'invalid syntax');
    return t;
  }

  protected strings(node: SyntaxNode): A.Constant | A.JoinedStr {
    const parts = node.name === 'ContinuedString' ? kids(node) : [node];
    const tokens = parts.map((part) => this.token(part));
    const bytes = tokens.filter((t) => t.bytes).length;
    if (bytes > 0 && bytes < tokens.length) this.fail(node.from, node.to, 'cannot mix bytes and nonbytes literals');
    if (bytes > 0) {
      let value = '';
      parts.forEach((part, i) => {
        const t = tokens[i]!;
        for (let p = t.bodyStart; p < t.bodyEnd; p++) {
          if (this.src.charCodeAt(p) > 0x7f) this.fail(part.from, part.to, 'bytes can only contain ASCII literal characters');
        }
        value += this.decode(t.bodyStart, t.bodyEnd, t.raw, false, true);
      });
      return { kind: 'Constant', ...this.at(node), type: 'bytes', value };
    }
    const values: (A.StrConstant | A.FormattedValue)[] = [];
    let joined = false;
    for (const part of parts) {
      const t = this.token(part);
      if (part.name === 'FormatString') {
        joined = true;
        this.fstringParts(part, t, values);
      } else if (part.name === 'String') {
        this.pushLiteral(values, this.decode(t.bodyStart, t.bodyEnd, t.raw, false), part.from, part.to);
      } else this.unexpected(part);
    }
    const b = this.at(node);
    if (joined) return { kind: 'JoinedStr', ...b, values };
    const value = values.map((v) => (v.kind === 'Constant' ? v.value : '')).join('');
    return { kind: 'Constant', ...b, type: 'str', value };
  }

  /** Appends a literal piece, merging with a preceding one (CPython merges adjacent pieces). */
  protected pushLiteral(values: (A.StrConstant | A.FormattedValue)[], text: string, from: number, to: number): void {
    if (text === '') return;
    const last = values[values.length - 1];
    if (last && last.kind === 'Constant') {
      last.value += text;
      last.range = { from: last.range.from, to };
      return;
    }
    values.push({ kind: 'Constant', ...this.base(from, to), type: 'str', value: text });
  }

  protected fstringParts(node: SyntaxNode, t: StringToken, values: (A.StrConstant | A.FormattedValue)[]): void {
    let litStart = t.bodyStart;
    for (const c of kids(node)) {
      if (c.name !== 'FormatReplacement') continue;
      this.pushLiteral(values, this.decode(litStart, c.from, t.raw, true), litStart, c.from);
      this.replacement(c, t, values);
      litStart = c.to;
    }
    this.pushLiteral(values, this.decode(litStart, t.bodyEnd, t.raw, true), litStart, t.bodyEnd);
  }

  protected replacement(node: SyntaxNode, t: StringToken, values: (A.StrConstant | A.FormattedValue)[]): void {
    const exprEnd = t.fields?.get(node.from);
    const k = kids(node);
    const close = k[k.length - 1];
    if (exprEnd === undefined || !close || close.name !== '}') this.fail(node.from, node.to, 'f-string: invalid syntax');
    const selfDoc = k.find((c) => c.name === 'FormatSelfDoc');
    const convNode = k.find((c) => c.name === 'FormatConversion');
    const specNode = k.find((c) => c.name === 'FormatSpec');
    const exprNodes = k.filter(
      (c) => c.name !== '{' && c.name !== '}' && c !== selfDoc && c !== convNode && c !== specNode,
    );
    if (exprNodes.length === 0) this.fail(node.from, node.to, 'f-string: empty expression not allowed');
    // Both tokenizers must agree on where the expression ends (CPython 3.11 cuts it at the first
    // top-level ':', '!' or '=' — a lambda, for one, must be parenthesised).
    const lastExprEnd = exprNodes[exprNodes.length - 1]!.to;
    if (lastExprEnd > exprEnd || this.src.slice(lastExprEnd, exprEnd).trim() !== '') {
      this.fail(node.from, node.to, 'f-string: invalid syntax');
    }
    let value: A.Expression;
    if (exprNodes.length === 1 && exprNodes[0]!.name === 'YieldExpression') value = this.yieldExpr(exprNodes[0]!);
    else value = this.loadList(exprNodes, node);
    let conversion: 'r' | 's' | null = null;
    if (convNode) {
      const ch = this.text(convNode).slice(1);
      if (ch === 'a') this.refuse(convNode.from, convNode.to, 'the !a conversion is not supported', HINTS.asciiConversion);
      conversion = ch === 's' ? 's' : 'r';
    }
    let formatSpec: A.JoinedStr | null = null;
    if (specNode) {
      const specValues: (A.StrConstant | A.FormattedValue)[] = [];
      let litStart = specNode.from + 1;
      for (const c of kids(specNode)) {
        if (c.name !== 'FormatReplacement') continue;
        this.pushLiteral(specValues, this.decode(litStart, c.from, t.raw, true), litStart, c.from);
        this.replacement(c, t, specValues);
        litStart = c.to;
      }
      this.pushLiteral(specValues, this.decode(litStart, specNode.to, t.raw, true), litStart, specNode.to);
      formatSpec = { kind: 'JoinedStr', ...this.base(specNode.from + 1, specNode.to), values: specValues };
    }
    if (selfDoc) {
      // f"{x=}" is "x=" followed by repr(x), unless a conversion or format spec says otherwise.
      const textEnd = convNode?.from ?? specNode?.from ?? close.from;
      this.pushLiteral(values, this.src.slice(node.from + 1, textEnd), node.from + 1, textEnd);
      if (!convNode && !specNode) conversion = 'r';
    }
    values.push({ kind: 'FormattedValue', ...this.at(node), value, conversion, formatSpec });
  }

  /** The value of a string body: escapes (unless raw) and, in f-strings, doubled braces. */
  /** The value of a literal's body; in bytes (`bytes`), \u, \U and \N are not escapes. */
  protected decode(from: number, to: number, raw: boolean, format: boolean, bytes = false): string {
    const src = this.src;
    let out = '';
    let p = from;
    while (p < to) {
      const c = src[p]!;
      if (format && (c === '{' || c === '}') && src[p + 1] === c) {
        out += c;
        p += 2;
        continue;
      }
      if (c === '\r') {
        // Universal newlines: the string holds '\n' whatever the file's line endings.
        out += '\n';
        p += src[p + 1] === '\n' ? 2 : 1;
        continue;
      }
      if (c !== '\\' || raw) {
        if (c === '\\' && raw && p + 1 < to) {
          // A raw string keeps the backslash and the character after it, even a quote.
          out += src[p + 1] === '\r' ? '\\\n' : c + src[p + 1]!;
          p += src[p + 1] === '\r' && src[p + 2] === '\n' ? 3 : 2;
          continue;
        }
        out += c;
        p++;
        continue;
      }
      const e = src[p + 1] ?? '';
      const escStart = p;
      p += 2;
      switch (e) {
        case '\n':
          break;
        case '\r':
          if (src[p] === '\n') p++;
          break;
        case '\\':
        case "'":
        case '"':
          out += e;
          break;
        case 'a':
          out += '\x07';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'v':
          out += '\v';
          break;
        case 'x':
        case 'u':
        case 'U': {
          if (bytes && e !== 'x') {
            // Not escapes in bytes: kept as written.
            out += '\\' + e;
            break;
          }
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const digits = src.slice(p, Math.min(p + len, to));
          const match = /^[0-9a-fA-F]*/.exec(digits)![0];
          const rel = escStart - from;
          if (match.length < len) {
            const what = e === 'x' ? '\\xXX' : e === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
            this.fail(
              escStart,
              p + match.length,
              `(unicode error) 'unicodeescape' codec can't decode bytes in position ${rel}-${rel + 1 + match.length}: truncated ${what} escape`,
            );
          }
          const cp = parseInt(match, 16);
          if (cp > 0x10ffff) {
            this.fail(
              escStart,
              p + len,
              `(unicode error) 'unicodeescape' codec can't decode bytes in position ${rel}-${rel + 1 + len}: illegal Unicode character`,
            );
          }
          out += String.fromCodePoint(cp);
          p += len;
          break;
        }
        case 'N': {
          if (bytes) {
            out += '\\N';
            break;
          }
          const close = src.indexOf('}', p);
          const end = src[p] === '{' && close >= 0 && close < to ? close + 1 : p;
          this.refuse(escStart, end, '\\N{...} escapes are not supported', HINTS.namedEscape);
          p = end;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            let digits = e;
            while (digits.length < 3 && p < to && src[p]! >= '0' && src[p]! <= '7') digits += src[p++];
            out += String.fromCodePoint(parseInt(digits, 8));
          } else {
            // Unknown escapes keep their backslash (CPython only warns).
            out += '\\' + e;
          }
      }
    }
    return out;
  }
}
