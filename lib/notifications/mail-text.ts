import { parseEnv } from '@/lib/env';

/**
 * The public origin for links in mail (lib/env.ts: OPENSEAL_PUBLIC_URL, or the embedded default),
 * without a trailing slash. Read at call time from the same variables the server started with, so
 * the notifying verbs need no origin passed in, and a test can change it.
 */
export function publicOrigin(source: Record<string, string | undefined> = process.env): string {
  return parseEnv(source).publicOrigin;
}

/** A mail must work outside the browser that wrote it: a path on this site becomes an absolute link. */
export function absoluteLink(path: string, origin: string = publicOrigin()): string {
  return `${origin}${path}`;
}

export function linkLine(path: string, origin: string = publicOrigin()): string {
  return `Open it here: ${absoluteLink(path, origin)}`;
}

export const NOTIFICATION_MAIL_FOOTER = '—\nSent by OpenSeal. After signing in you find all your notifications under “Notifications”.';

/** The text of a mail: the message, then the link line when there is a link, then an optional footer. */
export function composeMailBody(body: string, { link, footer, origin = publicOrigin() }: { link?: string | null; footer?: string; origin?: string } = {}): string {
  const parts = [body.trim()];
  if (link) parts.push(linkLine(link, origin));
  if (footer) parts.push(footer);
  return parts.join('\n\n');
}
