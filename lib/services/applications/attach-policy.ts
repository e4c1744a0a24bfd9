import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applications } from '@/db/schema';
import { capturePolicyFromText, capturePolicyFromUrl } from '@/lib/policies/capture';
import { DEFAULT_NET_POLICY } from '@/lib/net/policy';
import { nowDate } from '@/lib/clock';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError } from '../errors';
import { parseInput } from '../parse';
import { assertEditable, EDITABLE_STATUSES, requireApplicationMember } from './application-access';

const AttachPolicyInput = z.discriminatedUnion('source', [
  z.object({ applicationId: z.string(), source: z.literal('url'), url: z.url({ protocol: /^https?$/, message: 'Enter the policy’s full address, like https://example.com/privacy.' }) }),
  z.object({ applicationId: z.string(), source: z.literal('text'), text: z.string().max(200_000, 'The policy is longer than 200,000 characters; link to it instead.') }),
]);

/**
 * Captures the privacy policy the seal is judged against: fetched from its URL (readable text
 * kept with its SHA-256 and capture time) or pasted. The fetch runs outside any transaction.
 */
export async function attachPolicy({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(AttachPolicyInput, input);
  const { actor, application } = await requireApplicationMember(ctx.db, ctx.actor, data.applicationId);
  assertEditable(application);

  const captured =
    data.source === 'url'
      ? await capturePolicyFromUrl(data.url, ctx.net ?? DEFAULT_NET_POLICY)
      : (() => {
          const result = capturePolicyFromText(data.text);
          return result.ok ? { ...result, url: null, capturedAt: nowDate(ctx.clock) } : result;
        })();
  if (!captured.ok) throw new ValidationError(captured.problem, { [data.source]: [captured.problem] });

  const now = nowDate(ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(applications)
      .set({ policySource: data.source, policyUrl: captured.url, policyText: captured.text, policySha256: captured.sha256, policyCapturedAt: now, updatedAt: now })
      .where(and(eq(applications.id, application.id), inArray(applications.status, [...EDITABLE_STATUSES])))
      .returning();
    if (!updated) throw new ConflictError('This application was submitted or withdrawn meanwhile; the policy was not attached.');
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'application.attach-policy',
      entityType: 'application',
      entityId: application.id,
      before: application.policySha256 ? { sha256: application.policySha256 } : null,
      after: { source: data.source, url: captured.url, sha256: captured.sha256, characters: captured.text.length },
      at: now,
    });
    return updated;
  });
}
