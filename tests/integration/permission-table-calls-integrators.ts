import { eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema';
import { createOrganizationApiKey, createStaffApiKey, revokeApiKey } from '@/lib/services/api-keys/manage-api-keys';
import { revokeOrganizationApiKey } from '@/lib/services/api-keys/revoke-organization-api-key';
import { listAllApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint, resendWebhookDelivery } from '@/lib/services/webhooks/manage-endpoints';
import { readWebhooks } from '@/lib/services/webhooks/read-webhooks';
import { actorOf, seedUser } from '../helpers/factories';
import type { DoorCall } from './permission-table-calls';
import type { World } from './permission-table-world';

/*
 * The permission table's door calls (tests/integration/permission-table-calls.ts) for the
 * integrators' doors that people use: API keys in the portal and the staff workspace, and webhook
 * endpoints and their delivery logs.
 */

const PORTAL_KEYS = 'app/(portal)/portal/organizations/[organizationId]/api-key-actions.ts';
const STAFF_KEYS = 'app/(review)/review/api-keys/actions.ts';
const orgKey = (w: World) => createOrganizationApiKey({ ctx: w.staff.owner, input: { organizationId: w.organization.id, name: 'Shop back office', scopes: ['seals:read'] } });
const PORTAL_WEBHOOKS = 'app/(portal)/portal/organizations/[organizationId]/webhooks/actions.ts';
const STAFF_WEBHOOKS = 'app/(review)/review/api-keys/[keyId]/webhooks/actions.ts';
const HOOK = { url: 'https://hooks.example.org/openseal', eventTypes: ['seal.status_changed'] };
/** The world organization's endpoint, registered by its owner. */
const orgEndpoint = async (w: World) => (await createWebhookEndpoint({ ctx: w.staff.owner, owner: { organizationId: w.organization.id }, input: HOOK })).endpoint;
/** A relying party's key, made by an admin of its own (one person keeps at most 20 keys in use). */
const relyingPartyKey = async (w: World) => {
  const maker = { ...w.staff.admin, actor: actorOf(await seedUser(w.db, { role: 'admin' })) };
  return (await createStaffApiKey({ ctx: maker, input: { kind: 'relying_party', name: 'Marketplace', scopes: ['public:read', 'webhooks:manage'] } })).key;
};
/** A relying party's key and its endpoint, registered by the staff admin. */
const keyEndpoint = async (w: World) => {
  const key = await relyingPartyKey(w);
  const { endpoint } = await createWebhookEndpoint({ ctx: w.staff.admin, owner: { apiKeyId: key.id }, input: HOOK });
  return { key, endpoint };
};
/** An endpoint turned off after 24 hours of failures, as the delivery job leaves it. */
const disabled = async (w: World, endpointId: string) => void (await w.db.update(webhookEndpoints).set({ disabledAt: new Date(), disabledReason: 'Every delivery failed for 24 hours.' }).where(eq(webhookEndpoints.id, endpointId)));
/** A delivery of the world's seal's suspension that arrived: one that may be sent again. */
async function settledDelivery(w: World, endpointId: string) {
  const [event] = await w.db.insert(webhookEvents).values({ type: 'seal.status_changed', organizationId: w.organization.id, sealPublicId: w.seal.publicId, data: { sealId: w.seal.publicId, status: 'suspended' }, occurredAt: new Date(), fannedOutAt: new Date() }).returning();
  const [delivery] = await w.db.insert(webhookDeliveries).values({ endpointId, eventId: event!.id, status: 'delivered', attempts: 1, responseStatus: 200, deliveredAt: new Date(), createdAt: new Date() }).returning();
  return delivery!;
}


export const INTEGRATOR_DOOR_CALLS: Record<string, DoorCall> = {
  'page app/(portal)/portal/organizations/[organizationId]/webhooks/page.tsx': async (w) => readWebhooks({ ctx: w.as, owner: { organizationId: w.organization.id }, input: { endpoint: (await orgEndpoint(w)).id } }),
  [`${PORTAL_KEYS}#createOrganizationApiKeyAction`]: (w) => createOrganizationApiKey({ ctx: w.as, input: { organizationId: w.organization.id, name: 'Shop back office', scopes: ['seals:read', 'cases:read'], expiresOn: '' } }),
  [`${PORTAL_KEYS}#revokeOrganizationApiKeyAction`]: async (w) => revokeOrganizationApiKey({ ctx: w.as, input: { organizationId: w.organization.id, keyId: (await orgKey(w)).key.id } }),
  [`${PORTAL_WEBHOOKS}#createOrganizationWebhookAction`]: (w) => createWebhookEndpoint({ ctx: w.as, owner: { organizationId: w.organization.id }, input: HOOK }),
  [`${PORTAL_WEBHOOKS}#deleteOrganizationWebhookAction`]: async (w) => deleteWebhookEndpoint({ ctx: w.as, owner: { organizationId: w.organization.id }, input: { endpointId: (await orgEndpoint(w)).id } }),
  [`${PORTAL_WEBHOOKS}#enableOrganizationWebhookAction`]: async (w) => {
    const endpoint = await orgEndpoint(w);
    await disabled(w, endpoint.id);
    return enableWebhookEndpoint({ ctx: w.as, owner: { organizationId: w.organization.id }, input: { endpointId: endpoint.id } });
  },
  [`${PORTAL_WEBHOOKS}#resendOrganizationWebhookAction`]: async (w) => {
    const endpoint = await orgEndpoint(w);
    return resendWebhookDelivery({ ctx: w.as, owner: { organizationId: w.organization.id }, input: { endpointId: endpoint.id, deliveryId: (await settledDelivery(w, endpoint.id)).id } });
  },
  [`${STAFF_KEYS}#createStaffApiKeyAction`]: (w) => createStaffApiKey({ ctx: w.as, input: { kind: 'relying_party', name: 'Browser extension', scopes: ['public:read'] } }),
  // A relying party's key: only an admin may revoke it (an organization's key its owners may too, through the portal's door).
  [`${STAFF_KEYS}#revokeApiKeyAction`]: async (w) => {
    const { key } = await createStaffApiKey({ ctx: w.staff.admin, input: { kind: 'relying_party', name: 'Browser extension', scopes: ['public:read'] } });
    return revokeApiKey({ ctx: w.as, input: { keyId: key.id } });
  },
  'page app/(review)/review/api-keys/page.tsx': (w) => listAllApiKeys({ ctx: w.as, input: { kind: 'organization', state: 'in_use' } }),
  [`${STAFF_WEBHOOKS}#createKeyWebhookAction`]: async (w) => createWebhookEndpoint({ ctx: w.as, owner: { apiKeyId: (await relyingPartyKey(w)).id }, input: { ...HOOK, sealIds: [w.seal.publicId] } }),
  [`${STAFF_WEBHOOKS}#deleteKeyWebhookAction`]: async (w) => {
    const { key, endpoint } = await keyEndpoint(w);
    return deleteWebhookEndpoint({ ctx: w.as, owner: { apiKeyId: key.id }, input: { endpointId: endpoint.id } });
  },
  [`${STAFF_WEBHOOKS}#enableKeyWebhookAction`]: async (w) => {
    const { key, endpoint } = await keyEndpoint(w);
    await disabled(w, endpoint.id);
    return enableWebhookEndpoint({ ctx: w.as, owner: { apiKeyId: key.id }, input: { endpointId: endpoint.id } });
  },
  [`${STAFF_WEBHOOKS}#resendKeyWebhookAction`]: async (w) => {
    const { key, endpoint } = await keyEndpoint(w);
    return resendWebhookDelivery({ ctx: w.as, owner: { apiKeyId: key.id }, input: { endpointId: endpoint.id, deliveryId: (await settledDelivery(w, endpoint.id)).id } });
  },
  'page app/(review)/review/api-keys/[keyId]/webhooks/page.tsx': async (w) => {
    const { key, endpoint } = await keyEndpoint(w);
    return readWebhooks({ ctx: w.as, owner: { apiKeyId: key.id }, input: { endpoint: endpoint.id } });
  },

};
