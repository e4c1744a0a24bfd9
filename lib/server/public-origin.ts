import { getRuntime } from '@/lib/runtime';

/**
 * The origin people reach the platform at (OPENSEAL_PUBLIC_URL, or the embedded default), for links
 * a page or an action hands out. Never the request's Host: a client writes that (lib/env.ts).
 */
export async function publicOrigin(): Promise<string> {
  return (await getRuntime()).env.publicOrigin;
}
