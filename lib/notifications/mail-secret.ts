/**
 * Mails that carry a one-time secret (a complaint's tracking link, an invitation link, a password
 * reset link): the secret is a bearer credential, so it is never stored in the mail's body. The
 * body holds this placeholder where the secret goes; the secret waits in its own column only until
 * the mail is sent (or given up), and is then wiped. Whoever reads a stored mail — the admins'
 * outbox, a backup — sees the placeholder redacted.
 */
export const MAIL_SECRET_PLACEHOLDER = '⟦one-time link⟧';

/** What the outbox shows in its place: the recipient got (or saw on screen) the link, nobody else does. */
export const REDACTED_SECRET = '[link redacted]';

/** The text that goes out over SMTP: the placeholder filled in, or redacted if the secret is gone. */
export function bodyForSending(body: string, secret: string | null): string {
  return body.replaceAll(MAIL_SECRET_PLACEHOLDER, secret ?? REDACTED_SECRET);
}

/** The text a stored mail shows to anyone but its recipient. */
export function bodyForReading(body: string): string {
  return body.replaceAll(MAIL_SECRET_PLACEHOLDER, REDACTED_SECRET);
}
