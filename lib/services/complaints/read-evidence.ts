import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { complaintEvidence } from '@/db/schema';
import { requireRole } from '@/lib/auth/actor';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';
import { parseInput } from '../parse';
import { assertMaySeeComplaint, findComplaint } from './complaint-access';

const ReadEvidenceInput = z.object({
  complaint: z.string().trim().min(1).max(100),
  evidenceId: z.string().uuid('There is no such evidence file.'),
});

/**
 * One evidence file with its bytes, for a reviewer's download. The route that serves it sends it
 * only as an attachment of its sniffed type (docs/adr/0006). Reviewers with a conflict of interest
 * with the organization are refused, as for the complaint itself.
 */
export async function readEvidence({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const actor = requireRole(ctx.actor, 'reviewer');
  const data = parseInput(ReadEvidenceInput, input);
  const complaint = await findComplaint(ctx.db, data.complaint);
  await assertMaySeeComplaint(ctx.db, actor, complaint);
  const [file] = await ctx.db
    .select()
    .from(complaintEvidence)
    .where(and(eq(complaintEvidence.id, data.evidenceId), eq(complaintEvidence.complaintId, complaint.id)))
    .limit(1);
  if (!file) throw new NotFoundError('This complaint has no such evidence file.');
  return { complaint, file };
}
