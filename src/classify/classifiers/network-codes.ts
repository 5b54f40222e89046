/**
 * Signs of a failed connection, which another attempt may well get through.
 */

/**
 * Node.js system error codes (`error.code`), undici's codes (`cause.code` of fetch's
 * `TypeError: fetch failed`) and axios's `ERR_NETWORK` (a browser request that got no response)
 * that mean the connection failed, dropped or timed out. axios's and superagent's timeouts are
 * `ECONNABORTED`, got's are `ETIMEDOUT`.
 *
 * @see https://nodejs.org/api/errors.html#common-system-errors
 * @see https://nodejs.org/api/dns.html#error-codes (ENOTFOUND, EAI_AGAIN)
 * @see https://undici.nodejs.org/#/docs/api/Errors
 * @see https://axios-http.com/docs/handling_errors
 */
export const NETWORK_ERROR_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_NETWORK',
]);

/**
 * Message patterns for errors that carry no code (Go-style messages from sidecars and proxies,
 * wrapped errors, thrown strings), tolerant of wording: "connection refused", "connect:
 * connection timed out", "network is unreachable", "read: EOF", "socket hang up". The wording is
 * that of the Go standard library's `net` and `io` errors and of Node's `http` client.
 *
 * @see https://pkg.go.dev/syscall#ECONNREFUSED
 * @see https://pkg.go.dev/io#EOF
 * @see https://nodejs.org/api/http.html#httprequesturl-options-callback
 */
export const NETWORK_MESSAGE_PATTERNS: readonly {
  readonly label: string;
  readonly pattern: RegExp;
}[] = /* @__PURE__ */ Object.freeze([
  { label: 'connection refused', pattern: /\bconnection\s+(?:was\s+)?refused\b/i },
  { label: 'connection reset', pattern: /\bconnection\s+(?:was\s+)?reset\b/i },
  { label: 'connection timeout', pattern: /\bconnection\s+(?:timeout|timed\s*out)\b/i },
  { label: 'network unreachable', pattern: /\bnetwork\s+(?:is\s+)?unreachable\b/i },
  { label: 'no such host', pattern: /\bno\s+such\s+host\b/i },
  { label: 'TLS handshake timeout', pattern: /\btls\s+handshake\s+(?:timeout|timed\s*out)\b/i },
  { label: 'i/o timeout', pattern: /\bi\/o\s+timeout\b/i },
  { label: 'broken pipe', pattern: /\bbroken\s+pipe\b/i },
  { label: 'EOF', pattern: /(?:^|[\s:])(?:unexpected\s+)?EOF$/ },
  { label: 'socket hang up', pattern: /\bsocket\s+hang\s*up\b/i },
]);

/**
 * fetch's own message: a network failure, but also a bad certificate or a refused redirect. It
 * counts only when no link of the cause chain carries a code (the code is the better witness).
 */
export const FETCH_FAILED_PATTERN = /^fetch failed$/i;
