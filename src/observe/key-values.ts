/**
 * Masks the value of every `key=value` whose key names a secret ({@link secretKind}), in every
 * syntax an error message brings one in: query strings and forms (`?token=…&`), connection
 * strings (`;Password=…;`), headers (`x-api-key: …`), JSON (`"password" : "…"`, escaped quotes,
 * JSON inside a JSON string), `util.inspect` (`{ password: '…' }`), and URL-encoded or
 * double-encoded URLs (`%3Fsig%3D…`, `%253Fsig%253D…`). The separators stay: `token=***, next`.
 *
 * Linear time: the key pattern starts only where a run of key characters starts and everything
 * after the key is bounded, so no match attempt rescans the text; values are measured by sticky
 * patterns and a loop that move forward only.
 */

import { NOT_SECRET, SECRET_LINE, secretKind } from './secret-names.js';

const MASK = '***';

/** A key, its separator (`=`, `:`, `:=`, `=>`, an encoded `=`) and the quote opening its value. */
const KEY_SEPARATOR =
  /(?<![\w.-])([\w.-]+)((?:\]|\\?["'])?[ \t]{0,4}(?:=>|:=|[:=]|%(?:25){0,4}3d)[ \t]{0,4})(\\?["'])?/gi;
/** An unquoted value: up to a space, `&`, `;`, `,`, a quote or a bracket. */
const PLAIN_VALUE = /[^\s&;,"'<>()[\]{}]*/y;
/** An unquoted value after an encoded `=`: also up to an encoded `&` (`%26`, `%2526`). */
const ENCODED_VALUE = /(?:[^\s&;,"'<>()[\]{}%]|%(?!(?:25){0,4}26))*/iy;
/** A header value: the rest of the line. */
const LINE_VALUE = /[^\n\r"'}]*/y;
/** The hex digits of an encoded delimiter before a key (`%3F`, `%2526`). */
const ENCODED_PREFIX = /^(?:25){0,4}[\da-f]{2}/i;
/** A prose word after `Name: ` (`ExpiredToken: The token…`), not a credential. */
const PROSE_WORD = /^[A-Za-z][a-z]*$/;

/** `text` with the value of every secret-named key replaced by `***`. */
export function maskKeyValues(text: string): string {
  let out = '';
  let copied = 0;
  KEY_SEPARATOR.lastIndex = 0;
  for (let m = KEY_SEPARATOR.exec(text); m !== null; m = KEY_SEPARATOR.exec(text)) {
    const key = text[m.index - 1] === '%' ? (m[1] as string).replace(ENCODED_PREFIX, '') : m[1];
    const kind = secretKind(key as string);
    if (kind === NOT_SECRET) continue; // Its value may hold keys of its own: scan on.
    const start = KEY_SEPARATOR.lastIndex;
    const separator = m[2] as string;
    const quote = m[3];
    let end: number;
    if (quote !== undefined) {
      end = quotedEnd(text, start, quote.at(-1) as string, quote.length > 1);
    } else {
      const value =
        kind === SECRET_LINE ? LINE_VALUE : separator.includes('%') ? ENCODED_VALUE : PLAIN_VALUE;
      value.lastIndex = start;
      value.test(text);
      end = value.lastIndex;
      const word = text.slice(start, end);
      if (
        kind !== SECRET_LINE &&
        !separator.includes('=') &&
        text[end] === ' ' &&
        PROSE_WORD.test(word)
      ) {
        continue;
      }
    }
    if (end === start) continue;
    out += text.slice(copied, start) + MASK;
    copied = end;
    KEY_SEPARATOR.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Where a quoted value ends: at its closing `quote`, skipping escaped quotes (`\"`). When the
 * value opened with an escaped quote (JSON inside a JSON string), it closes at `\"` and `\\\"` is a
 * quote inside it. A line break ends it too.
 */
function quotedEnd(text: string, start: number, quote: string, escaped: boolean): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r') return i;
    if (c === '\\') {
      let j = i + 1;
      while (text[j] === '\\') j++;
      if (text[j] === quote) {
        const backslashes = j - i;
        // Unescaped JSON: an even run escapes backslashes only, so the quote closes the value.
        // Escaped JSON: `\"` (1, 5, …) closes it, `\\\"` (3, 7, …) is a quote inside it.
        if (escaped ? backslashes % 4 === 1 : backslashes % 2 === 0) return escaped ? j - 1 : j;
        i = j + 1;
      } else {
        i = j;
      }
      continue;
    }
    if (c === quote) return i;
    i++;
  }
  return i;
}
