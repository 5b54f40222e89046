/**
 * Masks credentials in text that may reach a log line or an event, after the rule sets that
 * secret scanners maintain (gitleaks, detect-secrets, trufflehog):
 * - PEM private keys, from `-----BEGIN … PRIVATE KEY-----` to their END line (or the end);
 * - passwords in URLs (`postgres://user:***@host`), `/` and `@` in them included;
 * - `Basic …` and `Bearer …` credentials, with or without an `Authorization` header;
 * - the value of every key that names a secret, in queries, forms, connection strings, headers
 *   and JSON, plain, URL-encoded or double-encoded ({@link maskKeyValues});
 * - tokens known by their shape wherever they stand: AWS key ids, GitHub, GitLab, Slack, Stripe,
 *   Google, OpenAI, npm, SendGrid, Hugging Face and Azure AD secrets, JWTs, Slack webhooks.
 *
 * Every pattern runs in linear time: what precedes an unbounded run is bounded and rare, and an
 * unbounded run either ends the match or stops at a character it cannot contain, so no match
 * attempt rescans the text (0.1.0 took minutes on `'=' + 'a.'.repeat(5e5)`).
 */

import { maskKeyValues } from './key-values.js';

const MASK = '***';

const PRIVATE_KEY =
  /(-----BEGIN[A-Z\d ]{0,40} PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(-----END[A-Z\d ]{0,40} PRIVATE KEY(?: BLOCK)?-----|$)/g;
/** `scheme://user:password@`: the password runs to the last `@` before a space or another `://`. */
const URL_PASSWORD =
  /(?<![\w+.-])([a-z][\w+.-]{0,31}:\/\/[^\s:@/?#"'<>]*:)((?:(?!:\/\/)[^\s"'<>])*)@/gi;
/** `host:443/@scope`: a port and a path, not a password. */
const PORT = /^\d{1,5}(?:[/?#]|$)/;
/** `Basic dXNlcjpw…`, `Bearer eyJ…`: the scheme, then a token. */
const SCHEME_TOKEN = /(?<![\w-])((?:basic|bearer)[ \t]{1,8})([\w+/.~-]{8,}=*)/gi;
/** `Basic authentication`: a word, not a token. */
const WORD = /^[A-Za-z][a-z]*$/;
/** Tokens known by their prefix and shape (gitleaks, trufflehog). */
const TOKEN =
  /(?<![\w-])(?:(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z\d])[A-Z\d]{16}|gh[pousr]_\w{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|xox[abposr]-[\w-]{10,}|[rs]k_(?:live|test)_\w{10,}|whsec_\w{20,}|AIza[\w-]{35}|eyJ[\w-]{6,}\.[\w.-]{6,}|sk-[\w-]{20,}|npm_\w{36}|SG\.[\w-]{16,}\.[\w-]{16,}|hf_[A-Za-z]{30,}|[\w~.]{3}\dQ~[\w~.-]{30,}|hooks\.slack\.com\/(?:services|workflows)\/[\w/]+)/g;

/** Every pattern above needs one of these: most texts (verdict reasons) have none, and skip the rest. */
const MAY_CARRY_SECRET = /[=:@%_~-]|eyJ|AIza|A(?:KIA|SIA|BIA|CCA|3T)|SG\.|basic|bearer/i;

/** `text` with every credential it carries replaced by `***`. */
export function redact(text: string): string {
  if (!MAY_CARRY_SECRET.test(text)) return text;
  const masked = text
    .replace(PRIVATE_KEY, `$1${MASK}$2`)
    .replace(URL_PASSWORD, (all, head: string, password: string) =>
      password === '' || PORT.test(password) ? all : `${head}${MASK}@`,
    )
    .replace(SCHEME_TOKEN, (all, scheme: string, token: string) =>
      WORD.test(token) ? all : `${scheme}${MASK}`,
    );
  return maskKeyValues(masked).replace(TOKEN, MASK);
}
