import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyCalls, apiKeys, auditEvents } from '@/db/schema';
import { createTestClock, type TestClock } from '@/lib/clock';
import { ApiKeyRefused, authenticateApiKey } from '@/lib/api/authenticate-key';
import { newApiToken, secretSha256 } from '@/lib/api/tokens';
import { createOrganizationApiKey, createStaffApiKey, revokeApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { revokeOrganizationApiKey } from '@/lib/services/api-keys/revoke-organization-api-key';
import { listAllApiKeys, listOrganizationApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';
import { LIST_PAGE_SIZE } from '@/lib/lists/keyset';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { actorOf, contextFor, seedUser } from '../helpers/factories';
import { seedOrganization } from '../helpers/portal-factories';

/*
 * The people's side of API keys (issue #17): an owner makes and revokes their organization's keys,
 * its members read the list; an admin makes relying parties' and authority tools' keys and revokes
 * any key. The token is given once and only its hash kept; every change is audited.
 */

type User = Awaited<ReturnType<typeof seedUser>>;

let database: TestDatabase;
let clock: TestClock;
let owner: User;
let member: User;
let outsider: User;
let admin: User;
let reviewer: User;
let organization: Awaited<ReturnType<typeof seedOrganization>>;

const as = (user: User | null) => contextFor(database.db, user ? actorOf(user) : null, clock);
const authenticate = (token: string) => authenticateApiKey(database.db, `Bearer ${token}`, new Date(clock.now()));
async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'allowed',
    (error: unknown) => error,
  );
}
const orgKey = (name: string, scopes: string[] = ['seals:read'], user = owner) => createOrganizationApiKey({ ctx: as(user), input: { organizationId: organization.id, name, scopes } });

beforeAll(async () => {
  database = await freshDatabase();
  clock = createTestClock(new Date('2026-06-01T09:00:00Z'));
  owner = await seedUser(database.db, { name: 'Olive Owner' });
  member = await seedUser(database.db, { name: 'Mel Member' });
  outsider = await seedUser(database.db);
  admin = await seedUser(database.db, { role: 'admin', name: 'Ada Admin' });
  reviewer = await seedUser(database.db, { role: 'reviewer' });
  organization = await seedOrganization(database.db, owner, [member], 'Toysmart Ltd');
});

afterAll(async () => {
  await database?.close();
});

describe(`making an API key (${testDriver})`, () => {
  it('gives an owner the token once; it authenticates, and only its hash is kept', async () => {
    const { key, token } = await createOrganizationApiKey({
      ctx: as(owner),
      input: { organizationId: organization.id, name: '  Shop back office ', scopes: ['cases:read', 'seals:read'], expiresOn: '2026-12-31' },
    });
    expect(token).toMatch(new RegExp(`^osk_${key.publicId}_[A-Za-z0-9_-]{43}$`));
    // Trimmed, scopes in the catalogue's order, valid to the end of the chosen day (UTC).
    expect(key).toMatchObject({ kind: 'organization', organizationId: organization.id, name: 'Shop back office', scopes: ['seals:read', 'cases:read'], createdById: owner.id, revokedAt: null });
    expect(key.expiresAt?.toISOString()).toBe('2026-12-31T23:59:59.999Z');
    const [stored] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(stored!.secretSha256).toBe(secretSha256(token.split('_').slice(2).join('_')));
    expect(JSON.stringify(stored)).not.toContain(token.slice(-43));

    const authenticated = await authenticate(token);
    expect(authenticated.key.id).toBe(key.id);
    expect(authenticated.actor.id).toBe(owner.id);
  });

  it('refuses a member, a stranger and the signed-out; an admin who is not an owner makes none for the organization', async () => {
    expect(await refusal(orgKey('Member’s key', ['seals:read'], member))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(orgKey('Stranger’s key', ['seals:read'], outsider))).toBeInstanceOf(NotFoundError);
    expect(await refusal(orgKey('Admin’s key', ['seals:read'], admin))).toBeInstanceOf(NotFoundError);
    expect(await refusal(createOrganizationApiKey({ ctx: as(null), input: { organizationId: organization.id, name: 'Nobody', scopes: ['seals:read'] } }))).toBeInstanceOf(UnauthenticatedError);
    // Staff keys are the administrators' only.
    expect(await refusal(createStaffApiKey({ ctx: as(owner), input: { kind: 'relying_party', name: 'Extension', scopes: ['public:read'] } }))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(createStaffApiKey({ ctx: as(reviewer), input: { kind: 'authority', name: 'Dashboard', scopes: ['review:read'] } }))).toBeInstanceOf(ForbiddenError);
  });

  it('refuses scopes outside the key’s kind, by name, and a key with none', async () => {
    const outside = await refusal(orgKey('Too much', ['seals:read', 'review:read', 'public:read']));
    expect(outside).toBeInstanceOf(ValidationError);
    expect((outside as ValidationError).message).toBe('A key of this kind cannot be given: review:read, public:read.');
    expect((outside as ValidationError).fieldErrors?.scopes?.[0]).toContain('seals:read');

    const staff = await refusal(createStaffApiKey({ ctx: as(admin), input: { kind: 'relying_party', name: 'Extension', scopes: ['review:read'] } }));
    expect((staff as ValidationError).message).toBe('A key of this kind cannot be given: review:read.');
    const none = await refusal(orgKey('Nothing at all', []));
    expect((none as ValidationError).fieldErrors?.scopes).toEqual(['Choose at least one thing the key may do.']);
  });

  it('refuses an expiry date that has passed, one beyond two years, or no date at all; a key chosen to end today works to the end of the day', async () => {
    const input = (expiresOn: string) => ({ organizationId: organization.id, name: 'Dated key', scopes: ['seals:read'], expiresOn });
    const past = await refusal(createOrganizationApiKey({ ctx: as(owner), input: input('2026-05-31') }));
    expect(past).toBeInstanceOf(ValidationError);
    expect((past as ValidationError).fieldErrors?.expiresOn).toEqual(['The expiry date has passed: choose a later one.']);
    expect((await refusal(createOrganizationApiKey({ ctx: as(owner), input: input('2029-01-01') }))) as ValidationError).toMatchObject({ fieldErrors: { expiresOn: ['Choose a date within 730 days.'] } });
    expect((await refusal(createOrganizationApiKey({ ctx: as(owner), input: input('next week') }))) as ValidationError).toBeInstanceOf(ValidationError);
    // The day itself is still valid until its end.
    const { key } = await createOrganizationApiKey({ ctx: as(owner), input: input('2026-06-01') });
    expect(key.expiresAt?.toISOString()).toBe('2026-06-01T23:59:59.999Z');
    await revokeApiKey({ ctx: as(owner), input: { keyId: key.id } });
  });

  it('lets an admin make relying-party and authority keys, and audits each key made without its secret', async () => {
    const { key, token } = await createStaffApiKey({ ctx: as(admin), input: { kind: 'authority', name: 'Case dashboard', scopes: ['review:read'] } });
    expect(key).toMatchObject({ kind: 'authority', organizationId: null, scopes: ['review:read'], createdById: admin.id, expiresAt: null });
    expect((await authenticate(token)).actor.role).toBe('admin');
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'api-key.create'), eq(auditEvents.entityId, key.id)));
    expect(audit).toMatchObject({ actorId: admin.id, entityType: 'api_key', after: { publicId: key.publicId, kind: 'authority', name: 'Case dashboard', scopes: ['review:read'], organizationId: null, expiresAt: null } });
    expect(JSON.stringify(audit)).not.toContain(token.slice(-43));
    expect(JSON.stringify(audit)).not.toContain(key.secretSha256);
  });
});

describe(`revoking an API key (${testDriver})`, () => {
  it('an owner revokes their organization’s key in the portal: its next call is refused as revoked, and the revocation is audited', async () => {
    const { key, token } = await orgKey('Warehouse sync');
    const revoked = await revokeOrganizationApiKey({ ctx: as(owner), input: { organizationId: organization.id, keyId: key.id } });
    expect(revoked).toMatchObject({ id: key.id, revokedById: owner.id });
    expect(revoked.revokedAt?.toISOString()).toBe('2026-06-01T09:00:00.000Z');
    const refused = await refusal(authenticate(token));
    expect(refused).toBeInstanceOf(ApiKeyRefused);
    expect(refused).toMatchObject({ code: 'key_revoked', message: 'API key “Warehouse sync” was revoked; ask for a new one.' });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'api-key.revoke'), eq(auditEvents.entityId, key.id)));
    expect(audit).toMatchObject({ actorId: owner.id, entityType: 'api_key', before: { revokedAt: null }, after: { publicId: key.publicId, name: 'Warehouse sync', revokedAt: '2026-06-01T09:00:00.000Z' } });
  });

  it('says a second revocation is a conflict, and changes nothing', async () => {
    const { key } = await orgKey('Twice');
    await revokeApiKey({ ctx: as(owner), input: { keyId: key.id } });
    const again = await refusal(revokeApiKey({ ctx: as(admin), input: { keyId: key.id } }));
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).message).toBe('Key “Twice” was already revoked.');
    expect(await refusal(revokeOrganizationApiKey({ ctx: as(owner), input: { organizationId: organization.id, keyId: key.id } }))).toBeInstanceOf(ConflictError);
    const [stored] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(stored!.revokedById).toBe(owner.id);
    expect(await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'api-key.revoke'), eq(auditEvents.entityId, key.id)))).toHaveLength(1);
  });

  it('an admin revokes any key: an organization’s, a relying party’s', async () => {
    const { key: shopKey, token } = await orgKey('Leaked in a repository');
    await revokeApiKey({ ctx: as(admin), input: { keyId: shopKey.id } });
    expect(await refusal(authenticate(token))).toMatchObject({ code: 'key_revoked' });
    const { key: partnerKey } = await createStaffApiKey({ ctx: as(admin), input: { kind: 'relying_party', name: 'Marketplace', scopes: ['public:read', 'webhooks:manage'] } });
    const other = await seedUser(database.db, { role: 'admin' });
    expect(await revokeApiKey({ ctx: as(other), input: { keyId: partnerKey.id } })).toMatchObject({ revokedById: other.id });
  });

  it('refuses a member, a stranger, an owner at a relying party’s key, and an owner naming another organization’s key', async () => {
    const { key } = await orgKey('Still in use');
    expect(await refusal(revokeApiKey({ ctx: as(member), input: { keyId: key.id } }))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(revokeOrganizationApiKey({ ctx: as(member), input: { organizationId: organization.id, keyId: key.id } }))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(revokeApiKey({ ctx: as(outsider), input: { keyId: key.id } }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(revokeApiKey({ ctx: as(reviewer), input: { keyId: key.id } }))).toBeInstanceOf(NotFoundError);
    // The portal's door is an owner's, for their organization only: an admin uses the staff workspace.
    expect(await refusal(revokeOrganizationApiKey({ ctx: as(admin), input: { organizationId: organization.id, keyId: key.id } }))).toBeInstanceOf(NotFoundError);
    const { key: partnerKey } = await createStaffApiKey({ ctx: as(admin), input: { kind: 'relying_party', name: 'Partner', scopes: ['public:read'] } });
    expect(await refusal(revokeApiKey({ ctx: as(owner), input: { keyId: partnerKey.id } }))).toMatchObject({ message: 'Only an administrator can revoke this key.' });

    const elsewhere = await seedOrganization(database.db, owner);
    const { key: otherKey } = await createOrganizationApiKey({ ctx: as(owner), input: { organizationId: elsewhere.id, name: 'Other shop', scopes: ['seals:read'] } });
    expect(await refusal(revokeOrganizationApiKey({ ctx: as(owner), input: { organizationId: organization.id, keyId: otherKey.id } }))).toBeInstanceOf(NotFoundError);
    const stillWorking = await database.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(inArray(apiKeys.id, [key.id, partnerKey.id, otherKey.id]));
    expect(stillWorking.every((row) => row.revokedAt === null)).toBe(true);
  });
});

describe(`the organization's list of keys (${testDriver})`, () => {
  it('shows members every key, newest first, with its maker, revoker, last use and calls in the last 24 hours, never its hash or token', async () => {
    const shop = await seedOrganization(database.db, owner, [member]);
    const stranger = await seedUser(database.db);
    const make = (name: string) => createOrganizationApiKey({ ctx: as(owner), input: { organizationId: shop.id, name, scopes: ['seals:read', 'cases:respond'] } });
    const first = await make('Back office');
    await clock.setTime(clock.now() + 60_000);
    const second = await make('Helpdesk');
    await revokeApiKey({ ctx: as(admin), input: { keyId: second.key.id } });
    const now = clock.now();
    await database.db.insert(apiKeyCalls).values([
      { keyId: first.key.id, method: 'GET', path: '/api/v1/organization/seals', status: 200, at: new Date(now - 60 * 60 * 1000) },
      { keyId: first.key.id, method: 'GET', path: '/api/v1/organization/cases', status: 200, at: new Date(now - 23 * 60 * 60 * 1000) },
      { keyId: first.key.id, method: 'GET', path: '/api/v1/organization/seals', status: 200, at: new Date(now - 25 * 60 * 60 * 1000) },
    ]);
    await database.db.update(apiKeys).set({ lastUsedAt: new Date(now - 60 * 60 * 1000) }).where(eq(apiKeys.id, first.key.id));

    const read = await listOrganizationApiKeys({ ctx: as(member), input: { organizationId: shop.id } });
    expect(read.canManage).toBe(false);
    expect(read.more).toBe(false);
    expect(read.keys.map((key) => key.name)).toEqual(['Helpdesk', 'Back office']);
    expect(read.keys[0]).toMatchObject({ state: 'revoked', revokedByName: 'Ada Admin', createdByName: 'Olive Owner', callsLast24h: 0, lastUsedAt: null });
    expect(read.keys[1]).toMatchObject({ state: 'in_use', prefix: `osk_${first.key.publicId}_…`, scopes: ['seals:read', 'cases:respond'], callsLast24h: 2, revokedAt: null, revokedByName: null });
    expect(read.keys[1]!.lastUsedAt?.getTime()).toBe(now - 60 * 60 * 1000);
    const text = JSON.stringify(read);
    for (const made of [first, second]) {
      expect(text).not.toContain(made.key.secretSha256);
      expect(text).not.toContain(made.token);
      expect(text).not.toContain(made.token.slice(-43));
    }
    expect(Object.keys(read.keys[0]!)).not.toContain('secretSha256');

    expect((await listOrganizationApiKeys({ ctx: as(owner), input: { organizationId: shop.id } })).canManage).toBe(true);
    expect(await refusal(listOrganizationApiKeys({ ctx: as(stranger), input: { organizationId: shop.id } }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(listOrganizationApiKeys({ ctx: as(admin), input: { organizationId: shop.id } }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(listOrganizationApiKeys({ ctx: as(null), input: { organizationId: shop.id } }))).toBeInstanceOf(UnauthenticatedError);
  });

  it('says a key past its expiry is expired', async () => {
    const shop = await seedOrganization(database.db, owner);
    await createOrganizationApiKey({ ctx: as(owner), input: { organizationId: shop.id, name: 'Short-lived', scopes: ['seals:read'], expiresOn: '2026-06-02' } });
    const later = createTestClock(new Date('2026-06-03T00:00:00Z'));
    const read = await listOrganizationApiKeys({ ctx: contextFor(database.db, actorOf(owner), later), input: { organizationId: shop.id } });
    expect(read.keys[0]).toMatchObject({ name: 'Short-lived', state: 'expired' });
  });
});

/** Keys made straight in the table, one a minute from `from` (newest last), for the paging test. */
async function seedKeys(count: number, kind: 'authority' | 'relying_party', from: Date) {
  const rows = Array.from({ length: count }, (_, i) => {
    const { publicId, secret } = newApiToken();
    return { publicId, kind, name: `${kind} tool ${i}`, scopes: kind === 'authority' ? ['review:read'] : ['public:read'], secretSha256: secretSha256(secret), createdById: admin.id, createdAt: new Date(from.getTime() + i * 60_000) };
  });
  return database.db.insert(apiKeys).values(rows).returning();
}

describe(`every key, for the administrators (${testDriver})`, () => {
  it('pages through every authority key newest first, forward and back, without repeating or losing one', async () => {
    const made = await seedKeys(LIST_PAGE_SIZE + 5, 'authority', new Date('2026-01-01T00:00:00Z'));
    const ctx = as(admin);
    const first = await listAllApiKeys({ ctx, input: { kind: 'authority' } });
    expect(first.keys).toHaveLength(LIST_PAGE_SIZE);
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();
    const second = await listAllApiKeys({ ctx, input: { kind: 'authority', after: first.next! } });
    expect(second.next).toBeNull();
    const seen = [...first.keys, ...second.keys].map((key) => key.id);
    // The authority key made above (in June) comes first; the seeded ones follow, newest first.
    const seeded = seen.filter((id) => made.some((key) => key.id === id));
    expect(seeded).toEqual([...made].reverse().map((key) => key.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(second.keys.every((key) => key.kind === 'authority')).toBe(true);
    const back = await listAllApiKeys({ ctx, input: { kind: 'authority', before: second.previous! } });
    expect(back.keys.map((key) => key.id)).toEqual(first.keys.map((key) => key.id));
    // A cursor that is not one of this list's is the first page, not an error.
    expect((await listAllApiKeys({ ctx, input: { kind: 'authority', after: 'garbage' } })).keys[0]!.id).toBe(first.keys[0]!.id);
  });

  it('filters by kind and by in use, expired or revoked, and names each key’s organization', async () => {
    const shop = await seedOrganization(database.db, owner, [], 'Filter Shop Ltd');
    const make = async (name: string, expiresOn?: string) => {
      await clock.setTime(clock.now() + 60_000);
      return createOrganizationApiKey({ ctx: as(owner), input: { organizationId: shop.id, name, scopes: ['seals:read'], expiresOn } });
    };
    const inUse = await make('Filter: in use');
    const revoked = await make('Filter: revoked');
    await revokeApiKey({ ctx: as(owner), input: { keyId: revoked.key.id } });
    const expiring = await make('Filter: expires', '2026-06-02');
    const later = contextFor(database.db, actorOf(admin), createTestClock(new Date('2026-06-05T00:00:00Z')));
    const ids = async (input: Record<string, string>) => {
      const found = (await listAllApiKeys({ ctx: later, input: { kind: 'organization', ...input } })).keys.filter((key) => key.organizationId === shop.id);
      return found.map((key) => key.id);
    };
    expect(await ids({})).toEqual([expiring.key.id, revoked.key.id, inUse.key.id]);
    expect(await ids({ state: 'in_use' })).toEqual([inUse.key.id]);
    expect(await ids({ state: 'revoked' })).toEqual([revoked.key.id]);
    expect(await ids({ state: 'expired' })).toEqual([expiring.key.id]);
    const all = await listAllApiKeys({ ctx: later, input: { state: 'in_use' } });
    expect(all.keys.find((key) => key.id === inUse.key.id)).toMatchObject({ organizationName: 'Filter Shop Ltd', kind: 'organization', state: 'in_use' });
    expect(new Set(all.keys.map((key) => key.state))).toEqual(new Set(['in_use']));
    expect((await listAllApiKeys({ ctx: later, input: { kind: 'relying_party' } })).keys.every((key) => key.kind === 'relying_party' && key.organizationName === null)).toBe(true);
    // Nonsense filters are dropped, never an error page.
    expect((await listAllApiKeys({ ctx: later, input: { kind: 'everything', state: 'sideways' } })).filters).toEqual({ kind: undefined, state: undefined });
    expect(JSON.stringify(all)).not.toContain(inUse.key.secretSha256);
  });

  it('is the administrators’ only', async () => {
    expect(await refusal(listAllApiKeys({ ctx: as(reviewer), input: {} }))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(listAllApiKeys({ ctx: as(owner), input: {} }))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(listAllApiKeys({ ctx: as(null), input: {} }))).toBeInstanceOf(UnauthenticatedError);
  });
});
