import type { Database } from '@/db/client';
import type { Clock } from '@/lib/clock';
import type { JobRunner } from '@/lib/jobs/runner';
import type { Actor } from '@/lib/auth/actor';
import type { NetPolicy } from '@/lib/net/policy';
import type { SecretBox } from '@/lib/auth/secret-box';

/**
 * What every verb receives. `actor` was re-read from the database for this request (never taken
 * from the session token alone), so a disabled or demoted user is refused at once.
 */
export type ServiceContext = {
  db: Database;
  clock: Clock;
  jobs?: JobRunner;
  actor: Actor | null;
  /** For verbs that reach out to other hosts; DEFAULT_NET_POLICY when absent. */
  net?: NetPolicy;
  /** Limits the operator may change (lib/env.ts); the defaults when absent. */
  limits?: { signUpsPerAddressPerHour: number };
  /** Seals and opens the secrets kept encrypted at rest (TOTP secrets); the verbs that need it refuse to run without it. */
  secrets?: SecretBox;
};
