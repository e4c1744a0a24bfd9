import { sql } from 'drizzle-orm';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** 200 with the database mode when the database answers; 503 otherwise. For load balancers and monitors. */
export async function GET() {
  try {
    const runtime = await getRuntime();
    await runtime.db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: runtime.handle.mode }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
