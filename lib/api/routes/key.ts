import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import type { ApiRoute } from '../api-route';

/** `GET /api/v1/key`: the key a call is made with — its name, kind, scopes, organization, expiry — so an integrator can check its set-up. */
export const currentKey: ApiRoute = {
  spec: { scope: null },
  handle: async ({ ctx, key, actor }) => {
    const [organization] = key.organizationId ? await ctx.db.select({ id: organizations.id, name: organizations.legalName }).from(organizations).where(eq(organizations.id, key.organizationId)).limit(1) : [];
    return {
      id: key.publicId,
      name: key.name,
      kind: key.kind,
      scopes: key.scopes,
      organization: organization ?? null,
      actsAs: { name: actor.name, role: actor.role },
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt?.toISOString() ?? null,
    };
  },
};
