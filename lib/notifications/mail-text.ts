import { parseEnv } from '@/lib/env';

/**
 * Where the platform is reached from outside, without a trailing slash; null when
 * OPENSEAL_PUBLIC_URL is not set. Read at call time so a test (or a restart) can change it.
 */
export function publicOrigin(source: Record<string, string | undefined> = process.env): string | null {
  const url = parseEnv(source).OPENSEAL_PUBLIC_URL;
  return url ? url.replace(/\/+$/, '') : null;
}

/**
 * A link in a mail must work outside the browser that wrote it, so a bare path is never mailed
 * as if it were a link. With OPENSEAL_PUBLIC_URL the path becomes an absolute URL; without it we
 * cannot know the address people reach the platform by (a reverse proxy, a port), so the mail
 * names the path and tells the reader where to go instead of guessing a host.
 */
export function linkLine(path: string, origin: string | null = publicOrigin()): string {
  return origin ? `Open it here: ${origin}${path}` : `Open OpenSeal and go to ${path}`;
}

export const NOTIFICATION_MAIL_FOOTER = '—\nSent by OpenSeal. After signing in you find all your notifications under “Notifications”.';

/** The text of a mail: the message, then the link line when there is a link, then an optional footer. */
export function composeMailBody(body: string, { link, footer, origin = publicOrigin() }: { link?: string | null; footer?: string; origin?: string | null } = {}): string {
  const parts = [body.trim()];
  if (link) parts.push(linkLine(link, origin));
  if (footer) parts.push(footer);
  return parts.join('\n\n');
}
