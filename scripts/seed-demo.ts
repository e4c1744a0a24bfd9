/**
 * npm run seed:demo — writes the demo world (see lib/demo/seed-demo.ts) into the configured
 * database and prints its logins. The embedded first start does this by itself; on PostgreSQL it
 * happens only when asked. Refuses to seed twice.
 */
import { EnvError } from '@/lib/env';
import { DataDirInUseError } from '@/lib/data-dir/lock';
import { openRuntime } from '@/lib/runtime';
import { demoDataExists, formatDemoLogins, seedDemoData } from '@/lib/demo/seed-demo';

async function main() {
  const runtime = await openRuntime({ jobs: 'none' });
  try {
    if (await demoDataExists(runtime.db)) {
      console.error('The demo data is already in this database; nothing was written.');
      process.exitCode = 1;
      return;
    }
    console.log(formatDemoLogins(await seedDemoData(runtime.db, runtime.clock, runtime.env.OPENSEAL_DEMO_PASSWORD)));
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof DataDirInUseError ? `\n${error.message}\n` : error);
  process.exit(1);
});
