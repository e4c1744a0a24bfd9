import path from 'node:path';
import { z } from 'zod';
import { parsePrivateKeySetting, parsePublicKeysSetting, settingProblem } from '@/lib/public-status/signing-keys';
import { witnessesSettingProblem } from '@/lib/log/witness-settings';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1');

/** `https://host[:port]`, optionally with a trailing slash: an origin, nothing after it. */
function isBareOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash && !/[?#]/.test(value);
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number({ message: 'expected a port number' }).int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    OPENSEAL_DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// connection URL')
      .optional(),
    AUTH_SECRET: z.string().min(32, 'expected at least 32 characters (generate one with: openssl rand -base64 33)').optional(),
    // Where people reach the platform: the origin of every absolute URL it hands out (mail links,
    // `verifyUrl` in signed statuses, sign-in redirects). Never taken from a request's Host, which
    // the client writes. Required with DATABASE_URL; embedded default http://localhost:{PORT}.
    OPENSEAL_PUBLIC_URL: z
      .string()
      .refine(isBareOrigin, 'expected an absolute http(s) URL with no path, query or fragment, like https://seals.example.org')
      .optional(),
    // Only behind a reverse proxy that appends to X-Forwarded-For may the client address be taken from it,
    // and then only from the entry OPENSEAL_TRUSTED_PROXIES places from the right (lib/server/client-address.ts).
    OPENSEAL_TRUST_PROXY: booleanFlag.default(false),
    // How many proxies of ours stand in a row in front of the server (a CDN and a load balancer: 2).
    OPENSEAL_TRUSTED_PROXIES: z.coerce
      .number({ message: 'expected the number of reverse proxies in front of the server, like 1' })
      .int('expected a whole number of reverse proxies, like 1')
      .min(1, 'expected at least 1 (with no proxy in front, leave OPENSEAL_TRUST_PROXY unset instead)')
      .max(10, 'expected at most 10 proxies in a row')
      .optional(),
    // The badge fast path answers the public status, badge and script URLs before Next.js; `false`
    // leaves them to the Next.js route handlers at the same URLs (the benchmark compares the two).
    OPENSEAL_FAST_PATH: booleanFlag.default(true),
    // The status cache behind the fast path (docs/adr/0005): its memory budget in megabytes (least
    // recently used statuses are dropped beyond it, and read again when asked for), and its refresh
    // period: no status older than this is served without reading it again.
    OPENSEAL_STATUS_CACHE_MB: z.coerce.number({ message: 'expected a number of megabytes, like 256' }).int('expected a whole number of megabytes').min(1).max(1_048_576).default(256),
    OPENSEAL_STATUS_CACHE_REFRESH_SECONDS: z.coerce.number({ message: 'expected a number of seconds, like 300' }).int('expected a whole number of seconds').min(1).max(86_400).default(300),
    OPENSEAL_DEMO_PASSWORD: z.string().min(12).optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'expected an smtp:// or smtps:// URL').optional(),
    // Outbound checks (domain proofs, privacy policies) refuse loopback, private and link-local
    // addresses unless listed here: comma-separated CIDRs, e.g. 127.0.0.0/8,::1/128 (tests, local setups).
    OPENSEAL_FETCH_ALLOWLIST: z
      .string()
      .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'expected comma-separated CIDR ranges like 127.0.0.0/8,::1/128')))
      .default([]),
    // A certificate authority (PEM) the outbound checks trust beside the system's, so a test or
    // local site can serve its proof over HTTPS with a certificate of its own. Unset in production.
    OPENSEAL_FETCH_EXTRA_CA: z
      .string()
      .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'expected a PEM certificate (-----BEGIN CERTIFICATE----- …)')
      .optional(),
    // DNS servers for domain checks (TXT records and the fetcher's lookups): comma-separated
    // host[:port]. Unset: the system's resolver.
    OPENSEAL_DNS_SERVERS: z
      .string()
      .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(\[[0-9a-fA-F:]+\]|[0-9.]+)(:\d{1,5})?$/, 'expected comma-separated IP[:port] entries like 127.0.0.1:5353')))
      .optional(),
    // The ports a site's home page and well-known file are fetched from; only tests and local
    // setups change them.
    OPENSEAL_SITE_HTTP_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(1).max(65535).default(80),
    OPENSEAL_SITE_HTTPS_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(1).max(65535).default(443),
    // Self-service sign-ups allowed from one client address in an hour (lib/services/users/sign-up-limits.ts).
    // Raise it when many people sign up from behind one address (an office, a campus) or in tests.
    OPENSEAL_SIGN_UPS_PER_ADDRESS_PER_HOUR: z.coerce.number({ message: 'expected a whole number' }).int().min(1).max(100_000).default(10),
    // End-to-end tests only: the server's clock runs at real time plus an offset that
    // POST /__openseal/test-clock moves, from this machine only (lib/server/test-clock.ts).
    OPENSEAL_TEST_CLOCK: booleanFlag.default(false),
    // The Ed25519 key that signs public statuses (PKCS#8 PEM or a private JWK); required with
    // DATABASE_URL (lib/public-status/signing.ts). The embedded mode keeps its own in the data folder.
    OPENSEAL_STATUS_SIGNING_KEY: z
      .string()
      .superRefine((value, ctx) => {
        const problem = settingProblem(parsePrivateKeySetting, value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    // The Ed25519 key that signs the public log's checkpoints (PKCS#8 PEM or a private JWK); required
    // with DATABASE_URL, never rotated (lib/log/log-signer.ts). The embedded mode keeps its own.
    OPENSEAL_LOG_SIGNING_KEY: z
      .string()
      .superRefine((value, ctx) => {
        const problem = settingProblem(parsePrivateKeySetting, value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    // Witnesses asked to cosign each new checkpoint (C2SP tlog-witness): a JSON array of
    // {"key": "<witness vkey>", "url": "<submission prefix>"} (lib/log/witnesses.ts).
    OPENSEAL_LOG_WITNESSES: z
      .string()
      .superRefine((value, ctx) => {
        const problem = witnessesSettingProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    // Public keys still published after a rotation, so old signatures verify: a JWKS or an array of JWKs.
    OPENSEAL_STATUS_RETIRED_KEYS: z
      .string()
      .superRefine((value, ctx) => {
        const problem = settingProblem(parsePublicKeysSetting, value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    // The key two-factor secrets are encrypted with at rest (lib/auth/secret-box.ts; AES-256-GCM under
    // a key HKDF derives from this); required with DATABASE_URL, the embedded mode keeps its own in
    // the data folder. Rotation: set a new one, and list the old one in OPENSEAL_ENCRYPTION_RETIRED_KEYS.
    OPENSEAL_ENCRYPTION_KEY: z.string().min(32, 'expected at least 32 characters (generate one with: openssl rand -base64 33)').optional(),
    // Earlier encryption keys, comma-separated: what they sealed still opens, and is sealed again under
    // the current key at the next start (or the next use). Remove one once a start has said nothing is left under it.
    OPENSEAL_ENCRYPTION_RETIRED_KEYS: z
      .string()
      .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.string().min(32, 'expected comma-separated keys of at least 32 characters each, the earlier values of OPENSEAL_ENCRYPTION_KEY')))
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.OPENSEAL_TRUSTED_PROXIES !== undefined && !env.OPENSEAL_TRUST_PROXY) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENSEAL_TRUSTED_PROXIES'],
        message: 'only counts with OPENSEAL_TRUST_PROXY=true: set that too if the server is behind these proxies, or remove this setting',
      });
    }
    if (env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'required when DATABASE_URL is set (every instance must share it; generate one with: openssl rand -base64 33)',
      });
    }
    if (env.DATABASE_URL && !env.OPENSEAL_PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENSEAL_PUBLIC_URL'],
        message:
          'required when DATABASE_URL is set: the address people reach the platform at, like https://seals.example.org (links in mail, signed statuses and sign-in redirects use it, never the Host a request names)',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema> & {
  dataDir: string;
  /** The origin of every absolute URL the platform emits, without a trailing slash (publicOriginOf). */
  publicOrigin: string;
  /** Proxies whose X-Forwarded-For entries are believed: 0 unless OPENSEAL_TRUST_PROXY (then OPENSEAL_TRUSTED_PROXIES, default 1). */
  trustedProxyHops: number;
};

/**
 * The one public origin: OPENSEAL_PUBLIC_URL, else (embedded mode only, the schema requires it with
 * DATABASE_URL) http://localhost:{PORT}. Nothing here looks at a request.
 */
export function publicOriginOf(env: Pick<Env, 'OPENSEAL_PUBLIC_URL' | 'PORT'>): string {
  return env.OPENSEAL_PUBLIC_URL ? new URL(env.OPENSEAL_PUBLIC_URL).origin : `http://localhost:${env.PORT}`;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`OpenSeal cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses the environment; the one place that reads process.env for configuration. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as most shells and .env files intend.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  }
  return {
    ...result.data,
    dataDir: path.resolve(result.data.OPENSEAL_DATA_DIR),
    publicOrigin: publicOriginOf(result.data),
    trustedProxyHops: result.data.OPENSEAL_TRUST_PROXY ? (result.data.OPENSEAL_TRUSTED_PROXIES ?? 1) : 0,
  };
}
