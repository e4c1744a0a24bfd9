import { connection } from 'next/server';
import { answerWithNext } from '@/lib/public-status/next-route';

/** `GET|HEAD|OPTIONS /log/key`: the note verifier key of the public log's checkpoints. Answered by the fast path first under `npm start` (lib/public-status/fast-path.ts). */
async function handle(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  return answerWithNext(request);
}

export { handle as GET, handle as HEAD, handle as OPTIONS };
