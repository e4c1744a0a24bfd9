/**
 * npm run seed:scale -- --seals 100000 --complaints 1000000 [--cases 20000] [--audit 2000000]
 *                       [--notifications 1000000] [--pending 2000] [--batch 50000]
 *
 * Fills the configured database (DATABASE_URL, or the embedded data folder) with a seal program
 * at scale, for the page benchmarks: see lib/demo/seed-scale.ts. The demo data is written first
 * when the database has none.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EnvError } from '@/lib/env';
import { DataDirInUseError } from '@/lib/data-dir/lock';
import { openRuntime } from '@/lib/runtime';
import { demoDataExists, formatDemoLogins, seedDemoData } from '@/lib/demo/seed-demo';
import { ScaleOptions, seedScale } from '@/lib/demo/seed-scale';

const log = (line: string) => console.log(line);

async function main() {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(ScaleOptions.shape).map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  const parsed = ScaleOptions.safeParse(values);
  if (!parsed.success) {
    console.error(`\n${z.prettifyError(parsed.error)}\n`);
    process.exit(2);
  }
  const options = parsed.data;
  const runtime = await openRuntime({ jobs: 'none' });
  try {
    if (!(await demoDataExists(runtime.db))) {
      console.log('No demo data yet: writing it first.');
      console.log(formatDemoLogins(await seedDemoData(runtime.db, runtime.clock, runtime.env.OPENSEAL_DEMO_PASSWORD)));
    }
    log(`Seeding on ${runtime.env.DATABASE_URL ? 'PostgreSQL' : 'the embedded database'}: ${JSON.stringify(options)}`);
    const started = performance.now();
    const { tag } = await seedScale(runtime.db, options, log);
    log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s. Owners sign in as owner-${tag}-<n>@scale.example with the demo reviewer's password.`);
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof DataDirInUseError ? `\n${error.message}\n` : error);
  process.exit(1);
});
