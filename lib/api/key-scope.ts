import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * The API key a request came with, for the audit trail: every state change made through the API
 * names the key (issue #17), whichever verb makes it, without each verb passing it along.
 */

const current = new AsyncLocalStorage<{ keyId: string }>();

/** Runs one API request's work with its key in scope. */
export function withApiKeyInScope<T>(keyId: string, work: () => Promise<T>): Promise<T> {
  return current.run({ keyId }, work);
}

/** The key of the API request being served, or null (a web page, a job, a test). */
export function apiKeyInScope(): string | null {
  return current.getStore()?.keyId ?? null;
}
