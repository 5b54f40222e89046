/**
 * Which key names carry a secret (`password`, `client_secret`, `x-api-key`, `SharedAccessKey`,
 * `refreshToken`, …), after the keyword lists of detect-secrets (`plugins/keyword.py`) and the
 * generic-api-key rule of gitleaks: a name is split into words (`_`, `-`, `.`, digits, camelCase),
 * and one word, or two neighbours joined (`api` `key`), names a secret.
 */

/** A word that names a secret: a suffix for the strong words, the whole word for short ones. */
const SECRET_WORD =
  /(?:token|secret|passw(?:or)?d|passphrase|credentials?|signature|sess(?:ion)?id|(?:api|access|account|private|priv|secret|client|signing|master|subscription|functions|storage|shared|encryption|app|service)key)$|^(?:pass|pwd|auth|creds|sig|sas|otp|jwt|session)$/;
/** A header whose whole value is secret, to the end of its line: `Authorization`, `Cookie`. */
const HEADER_WORD = /^(?:authorization|(?:set)?cookie)$/;
/**
 * Names about a secret rather than of one: `SharedAccessKeyName`, and error names that a message
 * shows as `Name: message` (`InvalidSignatureException`, `ExpiredTokenError`, `NoSuchKey`).
 */
const FIRST_NOT_SECRET = /^(?:invalid|expired|missing|bad|unknown|no|not)$/;
const LAST_NOT_SECRET = /^(?:name|exception|error|fault|id)$/;

/** Every secret name holds one of these. */
const MAY_NAME_SECRET = /pass|pwd|auth|cred|sig|sas|otp|jwt|sess|key|token|secret|cookie/i;

/** Not a secret's name. */
export const NOT_SECRET = 0;
/** A secret's name: its value is masked. */
export const SECRET = 1;
/** A header whose value is masked to the end of the line. */
export const SECRET_LINE = 2;

/** {@link NOT_SECRET}, {@link SECRET} or {@link SECRET_LINE} for the key name `key`. */
export function secretKind(key: string): number {
  if (!MAY_NAME_SECRET.test(key)) return NOT_SECRET; // Most keys: cheap to rule out.
  // The last 64 characters name it (`spring.datasource.password`); a longer run is not a name.
  const words = key
    .slice(-64)
    .replace(/([a-z\d])([A-Z])|([A-Z])([A-Z][a-z])/g, '$1$3 $2$4')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
  const last = words.length - 1;
  if (last < 0 || FIRST_NOT_SECRET.test(words[0] as string)) return NOT_SECRET;
  // `key` alone (`?key=AIza…`) names a secret; `cache_key`, `partitionKey` do not.
  let kind = last === 0 && words[0] === 'key' ? SECRET : NOT_SECRET;
  for (let i = 0; i <= last; i++) {
    const word = words[i] as string;
    if (HEADER_WORD.test(word)) return SECRET_LINE;
    if (SECRET_WORD.test(word) || (i < last && SECRET_WORD.test(word + words[i + 1]))) {
      kind = SECRET;
    }
  }
  // `aws_access_key_id` names a secret; `SharedAccessKeyName` and `session_id`… see the tests.
  return kind === SECRET && LAST_NOT_SECRET.test(words[last] as string) && !idNamesSecret(words)
    ? NOT_SECRET
    : kind;
}

/** `…_key_id`, `session_id`, `private_key_id`: ids of keys and sessions are credentials too. */
function idNamesSecret(words: readonly string[]): boolean {
  const n = words.length;
  return words[n - 1] === 'id' && n > 1 && /key|session/.test(words[n - 2] as string);
}
