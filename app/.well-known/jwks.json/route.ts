import { connection } from 'next/server';
import { answerWithNext } from '@/lib/public-status/next-route';

/** `GET|HEAD|OPTIONS /.well-known/jwks.json`: the keys that verify signed statuses. Answered by the fast path first under `npm start` (lib/public-status/fast-path.ts). */
async function handle(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  return answerWithNext(request);
}

export { handle as GET, handle as HEAD, handle as OPTIONS };
