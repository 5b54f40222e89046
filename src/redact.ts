/**
 * Masks credentials in text that may reach a log line or an event: presigned-URL signatures
 * (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`), Azure SAS signatures (`sig=`),
 * and `Authorization` header values.
 */

const MASK = '***';

const SECRET_QUERY_PARAM =
  /([?&;](?:x-amz-signature|x-amz-credential|x-amz-security-token|sig|signature|access_token|token)=)[^&#\s"']*/gi;
const AUTHORIZATION =
  /(\bauthorization\b["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|aws4-hmac-sha256|sharedkey|sharedkeylite)\s+)?[^\s"',}]+(?:[^\n"'}]*)/gi;

/** `text` with every credential it carries replaced by `***`. */
export function redact(text: string): string {
  return text.replace(SECRET_QUERY_PARAM, `$1${MASK}`).replace(AUTHORIZATION, `$1${MASK}`);
}
