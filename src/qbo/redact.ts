// Removes secrets from text before it reaches a log, a message or a snapshot.

/** A compact JWE: five base64url segments separated by dots (the second may be empty). */
const JWE = /\b[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g;
/** Cookie pairs and JSON fields that carry credentials. */
const COOKIE_PAIR = /\b(qbo_uid|qbo_aux)=([^;\s"']*)/g;
const JSON_SECRET_FIELD = /("(?:qbo_aux|qbo_uid|token|d|jwk)"\s*:\s*)("(?:[^"\\]|\\.)*"|\{[^{}]*\})/g;

export const REDACTED = '[redacted]';

/** Returns `text` with every known secret and anything shaped like a credential replaced. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(JWE, REDACTED)
    .replace(COOKIE_PAIR, (_match, name: string) => `${name}=${REDACTED}`)
    .replace(JSON_SECRET_FIELD, (_match, prefix: string) => `${prefix}"${REDACTED}"`);
}
