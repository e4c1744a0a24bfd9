import { headers } from 'next/headers';
import { getRuntime } from '@/lib/runtime';

/** The origin people reach the platform at: OPENSEAL_PUBLIC_URL, else the request's own host. */
export async function publicOrigin(): Promise<string> {
  const { env } = await getRuntime();
  if (env.OPENSEAL_PUBLIC_URL) return env.OPENSEAL_PUBLIC_URL.replace(/\/$/, '');
  const requestHeaders = await headers();
  const host = requestHeaders.get('host') ?? 'localhost';
  const proto = env.OPENSEAL_TRUST_PROXY ? (requestHeaders.get('x-forwarded-proto') ?? 'http') : 'http';
  return `${proto}://${host}`;
}
