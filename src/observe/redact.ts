/**
 * Masks credentials in text that may reach a log line or an event: presigned-URL signatures
 * (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, `X-Goog-Signature`,
 * `X-Goog-Credential`), Azure SAS signatures (`sig=`) and account keys (`AccountKey=`), tokens,
 * API keys and passwords as query or connection-string parameters (`access_token=`, `api_key=`,
 * `client_secret=`, `Password=`, …), also inside URL-encoded URLs, passwords in URLs
 * (`postgres://user:***@host`), and `Authorization` header values.
 */

const MASK = '***';

const SECRET_NAMES =
  'x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|sig|signature|access_token|token|accountkey|api_key|apikey|client_secret|secret|password|passwd|pwd';
/** `?name=value`, `&name=value`, `;name=value` (connection strings), or a name opening a word. */
const SECRET_QUERY_PARAM = /* @__PURE__ */ secretQueryParam();
/** The same inside a URL-encoded URL (`%3F`/`%26` name `%3D` value), up to the next `%26`. */
const ENCODED_SECRET_PARAM = /* @__PURE__ */ encodedSecretParam();

// The two patterns are built by pure calls: a bundler drops what an import does not use.
function secretQueryParam(): RegExp {
  return new RegExp(`((?:[?&;]|(?<![\\w-]))(?:${SECRET_NAMES})=)[^&#;\\s"']*`, 'gi');
}
function encodedSecretParam(): RegExp {
  return new RegExp(`((?:%3F|%26)(?:${SECRET_NAMES})%3D)(?:[^%&#\\s"']|%(?!26)[0-9a-f]{2})*`, 'gi');
}
/** The password of `scheme://user:password@host` (database, broker and proxy URLs). */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:)[^\s@/?#]+(?=@)/gi;
const AUTHORIZATION =
  /(\bauthorization\b["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|aws4-hmac-sha256|sharedkey|sharedkeylite)\s+)?[^\s"',}]+(?:[^\n"'}]*)/gi;

/** Every pattern above needs one of these: most texts (verdict reasons) have none, and skip the rest. */
const MAY_CARRY_SECRET = /[=@]|%3d|authorization/i;

/** `text` with every credential it carries replaced by `***`. */
export function redact(text: string): string {
  if (!MAY_CARRY_SECRET.test(text)) return text;
  return text
    .replace(SECRET_QUERY_PARAM, `$1${MASK}`)
    .replace(ENCODED_SECRET_PARAM, `$1${MASK}`)
    .replace(URL_PASSWORD, `$1${MASK}`)
    .replace(AUTHORIZATION, `$1${MASK}`);
}
