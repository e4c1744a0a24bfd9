import { sql } from 'drizzle-orm';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

/**
 * 200 with the database mode when the database answers; 503 otherwise. For load balancers and
 * monitors. With the embedded database's disk full (docs/adr/0001) the 503 says so: `reason`
 * `storage_full` (writes fail, reads work; clears itself once there is room) or
 * `storage_full_restart_needed` (the database stopped; once there is room, npm start starts a new
 * server process, which reopens it).
 */
export async function GET() {
  try {
    const runtime = await getRuntime();
    const storage = runtime.handle.mode === 'embedded' ? runtime.handle.storage : undefined;
    storage?.check();
    const condition = storage?.condition();
    if (condition && condition.state !== 'ok') {
      return Response.json(
        {
          status: 'unavailable',
          reason: condition.state === 'full' ? 'storage_full' : 'storage_full_restart_needed',
          message:
            condition.state === 'full'
              ? "The disk of the embedded database is full: writes fail, reads and the badge work. Free space; writes resume by themselves."
              : 'The disk of the embedded database was full when it had to write its log, and the database stopped. Free space: OpenSeal then starts its server again by itself (npm start), and the database replays its log.',
          since: condition.since.toISOString(),
          detail: condition.reason,
          freeBytes: storage!.freeBytes(),
        },
        { status: 503, headers: noStore },
      );
    }
    await runtime.db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: runtime.handle.mode }, { headers: noStore });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: noStore });
  }
}
