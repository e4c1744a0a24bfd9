import { connection } from 'next/server';
import { answerWithNext } from '@/lib/public-status/next-route';

/** `GET|HEAD|OPTIONS /api/v1/log/proof/inclusion?index=&size=`: an entry's inclusion proof (RFC 9162), as JSON. Answered by the fast path first under `npm start` (lib/public-status/fast-path.ts). */
async function handle(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  return answerWithNext(request);
}

export { handle as GET, handle as HEAD, handle as OPTIONS };
