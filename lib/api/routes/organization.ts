import { z } from 'zod';
import { readCaseForSite } from '@/lib/services/cases/read-case-for-site';
import { respondToCase } from '@/lib/services/cases/respond-to-case';
import { listOrganizationApplications, listOrganizationCases, listOrganizationSeals } from '@/lib/services/api/organization-records';
import { NotFoundError, ValidationError } from '@/lib/services/errors';
import { findCase } from '@/lib/services/cases/case-access';
import { requireKeyOrganization, type ApiCall } from '../serve-api-call';
import type { ApiRoute } from '../api-route';
import { readJsonBody } from '../request-body';

/*
 * What an organization's key reads and does (issue #17): the organization's seals, applications and
 * cases, and its answers to notices. Each goes through the portal's own verb, as the key's creator,
 * and only for the key's organization.
 */

const listInput = (call: ApiCall) => ({ organizationId: call.key.organizationId, cursor: call.url.searchParams.get('cursor') ?? undefined, limit: call.url.searchParams.get('limit') ?? undefined });

/** Only an organization's key has an organization; any other key reads as having none. */
function organizationOf(call: ApiCall): string {
  requireKeyOrganization(call.key, call.key.organizationId, 'organization');
  return call.key.organizationId!;
}

export const organizationSeals: ApiRoute = {
  spec: { scope: 'seals:read' },
  handle: (call) => listOrganizationSeals({ ctx: call.ctx, input: { ...listInput(call), organizationId: organizationOf(call) } }),
};

export const organizationApplications: ApiRoute = {
  spec: { scope: 'applications:read' },
  handle: (call) => listOrganizationApplications({ ctx: call.ctx, input: { ...listInput(call), organizationId: organizationOf(call) } }),
};

export const organizationCases: ApiRoute = {
  spec: { scope: 'cases:read' },
  handle: (call) => listOrganizationCases({ ctx: call.ctx, input: { ...listInput(call), organizationId: organizationOf(call) } }),
};

/** A case of another organization reads as no case at all, even when the key's creator belongs to both. */
async function requireCaseOfKey(call: ApiCall, reference: string) {
  const caseRow = await findCase(call.ctx.db, reference);
  if (caseRow.organizationId !== call.key.organizationId) throw new NotFoundError('There is no case with this reference.');
}

export const organizationCase: ApiRoute<{ reference: string }> = {
  spec: { scope: 'cases:read' },
  handle: async (call, { reference }) => {
    await requireCaseOfKey(call, reference);
    return readCaseForSite({ ctx: call.ctx, input: { caseRef: reference } });
  },
};

const ResponseBody = z.object({ body: z.string({ message: 'Send the response as {"body": "…"}, or as multipart/form-data with a body field and files.' }) });

/**
 * The response as JSON (`{"body"}`), or as multipart/form-data with a `body` field and its files
 * under `files` — held to the portal's evidence rules by respondToCase (type from the bytes, at most
 * 5 files of 2 MB, 8 MB in all); the server refuses a larger body before it is read (lib/server/upload-gate.ts).
 */
async function responseOf(call: ApiCall): Promise<{ body: unknown; files: Array<{ name: string; bytes: Uint8Array }> }> {
  if (!(call.request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    return { body: await readJsonBody(call.request, '{"body": "…"}'), files: [] };
  }
  let form: FormData;
  try {
    form = await call.request.formData();
  } catch {
    throw new ValidationError('The multipart body could not be read: send a body field, and files under “files”.');
  }
  const files = await Promise.all(
    form
      .getAll('files')
      .filter((part): part is File => typeof part !== 'string')
      .map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  return { body: { body: form.get('body') ?? undefined }, files };
}

export const respondToOrganizationCase: ApiRoute<{ reference: string }> = {
  spec: { scope: 'cases:respond', creates: true },
  handle: async (call, { reference }) => {
    await requireCaseOfKey(call, reference);
    const { body, files } = await responseOf(call);
    const parsed = ResponseBody.safeParse(body);
    if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message, { body: [parsed.error.issues[0]!.message] });
    await respondToCase({ ctx: call.ctx, input: { caseRef: reference, body: parsed.data.body, files } });
    return { reference, status: 'in_review', files: files.map((file) => file.name) };
  },
};
