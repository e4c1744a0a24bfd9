/*
 * The log verifier's HTTP side: GET requests to one OpenSeal server, and a small pool that keeps a
 * limited number of them in flight. A server that cannot be reached, or answers 5xx or 429, stops
 * the run (LogUnreachableError: nothing can be concluded about the log); any other answer is
 * returned for the verifier to judge.
 */

const REQUEST_TIMEOUT_MS = 30_000;
const USER_AGENT = 'openseal-log-verify';

export class LogUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogUnreachableError';
  }
}

/** The options of verifyLog were not usable (an address that is not http(s), a malformed key…). */
export class LogVerifierUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogVerifierUsageError';
  }
}

export type HttpAnswer = { url: string; status: number; body: Uint8Array };

export type LogClient = {
  /** The server's address without a trailing slash, e.g. `https://seal.example.org`. */
  base: string;
  /** GET `{base}/{path}`. */
  get(path: string): Promise<HttpAnswer>;
};

/** The server's address, checked: http or https, no query, fragment or credentials; a path prefix is kept. */
export function logBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LogVerifierUsageError(`"${text}" is not an address. Give the OpenSeal server's address, like https://seal.example.org.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LogVerifierUsageError(`"${text}" is not an http or https address.`);
  if (url.search || url.hash || url.username || url.password) {
    throw new LogVerifierUsageError(`"${text}" has a query, a fragment or a user name; give the server's address only, like https://seal.example.org.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function logClient(base: string, fetchImpl: typeof fetch): LogClient {
  return {
    base,
    async get(path) {
      const url = `${base}/${path}`;
      try {
        const response = await fetchImpl(url, { headers: { 'user-agent': USER_AGENT }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        if (response.status >= 500 || response.status === 429) {
          throw new LogUnreachableError(`${url} answered HTTP ${response.status}: the server cannot answer now; try again later.`);
        }
        return { url, status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
      } catch (error) {
        if (error instanceof LogUnreachableError) throw error;
        throw new LogUnreachableError(`Could not fetch ${url}: ${describe(error)}.`);
      }
    },
  };
}

/**
 * `work` for every item, at most `limit` at a time, results in the items' order. The first failure
 * rejects the whole, and no further item is started after it.
 */
export async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T, position: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const position = next++;
      try {
        results[position] = await work(items[position] as T, position);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 text, or null when it is not valid UTF-8. */
export function bodyText(answer: HttpAnswer): string | null {
  try {
    return utf8.decode(answer.body);
  } catch {
    return null;
  }
}

/** The body as JSON, or undefined when it is not JSON. */
export function bodyJson(answer: HttpAnswer): unknown {
  const text = bodyText(answer);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} seconds`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const message = error instanceof Error ? error.message : String(error);
  return cause ? `${message} (${cause})` : message;
}
