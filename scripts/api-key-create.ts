/**
 * npm run api-key:create -- --admin ada@example.org --kind relying_party --name "Marketplace" --scopes public:read[,webhooks:manage] [--expires 2027-12-31] [--calls-per-minute 6000]
 * Makes a relying party's or an authority tool's API key as that administrator (audited as theirs),
 * for an operator setting up an integrator without the web page (/review/api-keys). Prints the token once.
 * The server must be stopped on the embedded database (one process per data folder).
 */
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import { EnvError } from '@/lib/env';
import { DataDirInUseError } from '@/lib/data-dir/lock';
import { loadActor } from '@/lib/auth/actor';
import { openRuntime } from '@/lib/runtime';
import { NotFoundError, ServiceError } from '@/lib/services/errors';
import { createStaffApiKey } from '@/lib/services/api-keys/manage-api-keys';

const USAGE = 'Usage: npm run api-key:create -- --admin ada@example.org --kind relying_party|authority --name "Marketplace" --scopes public:read[,webhooks:manage] [--expires YYYY-MM-DD] [--calls-per-minute N]';

async function main() {
  const { values } = parseArgs({ options: { admin: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, expires: { type: 'string' }, 'calls-per-minute': { type: 'string' } }, strict: true });
  if (!values.admin || !values.kind || !values.name || !values.scopes) {
    console.error(USAGE);
    process.exit(2);
  }
  const runtime = await openRuntime({ jobs: 'none' });
  try {
    const [user] = await runtime.db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, values.admin.toLowerCase())).limit(1);
    const actor = await loadActor(runtime.db, user?.id);
    if (!actor) throw new NotFoundError(`No enabled account has the address ${values.admin}.`);
    const { key, token } = await createStaffApiKey({
      ctx: { db: runtime.db, clock: runtime.clock, actor },
      input: { kind: values.kind, name: values.name, scopes: values.scopes.split(',').map((scope) => scope.trim()), expiresOn: values.expires, callsPerMinute: values['calls-per-minute'] },
    });
    console.log(`Created API key “${key.name}” (${key.kind}, ${key.scopes.join(', ')}) as ${actor.email}.`);
    console.log(`Token (shown once, store it safely): ${token}`);
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ServiceError || error instanceof EnvError || error instanceof DataDirInUseError) console.error(`\n${error.message}\n`);
  else console.error(error);
  process.exit(1);
});
