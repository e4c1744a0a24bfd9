import { connection } from 'next/server';
import { answerWithNext } from '@/lib/public-status/next-route';

/** `GET|HEAD|OPTIONS /log/checkpoint`: the public log's latest signed checkpoint (C2SP tlog-checkpoint). Answered by the fast path first under `npm start` (lib/public-status/fast-path.ts). */
async function handle(request: Request) {
  await connection(); // never prerendered: `next build` has no database
  return answerWithNext(request);
}

export { handle as GET, handle as HEAD, handle as OPTIONS };
