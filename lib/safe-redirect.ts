/** Only paths on this site may be returned to after sign-in: never another origin (open redirect). */
export function safeReturnPath(value: unknown, fallback = '/portal'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
