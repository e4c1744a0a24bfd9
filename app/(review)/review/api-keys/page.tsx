import type { Metadata } from 'next';
import Link from '@/components/link';
import { getServiceContext, requirePageActor } from '@/lib/auth/session';
import { apiKeyKinds } from '@/db/schema';
import { LIST_PAGE_SIZE } from '@/lib/lists/keyset';
import { API_SCOPES, apiKeyKindLabels } from '@/lib/api/scopes';
import { API_KEY_LIMITS } from '@/lib/services/api-keys/manage-api-keys';
import { apiKeyStateLabels, listAllApiKeys } from '@/lib/services/api-keys/list-api-keys';
import { ActionButton } from '@/components/action-button';
import { ApiKeyTable } from '@/components/api-keys/api-key-table';
import { FilterBar, FilterSelect } from '../_components/queue-controls';
import { Pager } from '../_components/pager';
import { CreateStaffApiKeyForm, type StaffKeyKind } from './create-key-form';
import { revokeApiKeyAction } from './actions';

export const metadata: Metadata = { title: 'API keys' };

const scopeOptions = (scopes: Record<string, string>) => Object.entries(scopes).map(([value, label]) => ({ value, label }));
const staffKinds: StaffKeyKind[] = [
  { value: 'relying_party', label: apiKeyKindLabels.relying_party, hint: 'A browser extension, a marketplace or a payment provider that checks seals: public statuses in bulk, webhooks.', scopes: scopeOptions(API_SCOPES.relying_party) },
  { value: 'authority', label: apiKeyKindLabels.authority, hint: 'One of the seal authority’s own tools: it reads and acts in the staff workspace as you, under your conflicts of interest and the four-eyes rule.', scopes: scopeOptions(API_SCOPES.authority) },
];
const kindOptions = apiKeyKinds.map((kind) => ({ value: kind, label: apiKeyKindLabels[kind] }));
const stateOptions = (['in_use', 'expired', 'revoked'] as const).map((state) => ({ value: state, label: apiKeyStateLabels[state] }));

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor('/review/api-keys', 'admin');
  // The verb parses the query string itself (ApiKeyListQuery); parsed twice, a cursor would be lost.
  const list = await listAllApiKeys({ ctx: await getServiceContext(), input: await searchParams });
  const { filters } = list;
  const filtered = !!(filters.kind || filters.state);
  return (
    <div className="space-y-6">
      <h1>API keys</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        Keys for relying parties and for the authority’s own tools are made here; organizations make their own in the portal. A key acts as the person who made it, within its scopes. Any key may be revoked here, at once.
      </p>
      <CreateStaffApiKeyForm kinds={staffKinds} maxDays={API_KEY_LIMITS.maxDaysValid} />
      <FilterBar label="Filter the API keys" clearHref="/review/api-keys">
        <FilterSelect name="kind" label="Kind" anyLabel="Every kind" value={filters.kind} options={kindOptions} />
        <FilterSelect name="state" label="Status" anyLabel="Any status" value={filters.state} options={stateOptions} />
      </FilterBar>
      {list.keys.length === 0 ? (
        <p data-testid="api-keys-empty">{filtered ? 'No key matches these filters.' : 'No keys yet.'}</p>
      ) : (
        <ApiKeyTable
          caption={`${filtered ? 'Keys matching the filters' : 'Every key'}, newest first (${LIST_PAGE_SIZE} a page)`}
          keys={list.keys}
          showWhose
          actions={(view) => (
            <div className="flex flex-col items-start gap-2">
              {view.kind === 'relying_party' && (
                <Link href={`/review/api-keys/${view.id}/webhooks`} aria-label={`Webhooks of the key ${view.name}`}>
                  Webhooks
                </Link>
              )}
              <ActionButton
                action={revokeApiKeyAction}
                fields={{ keyId: view.id }}
                label="Revoke"
                className="btn-danger"
                ariaLabel={`Revoke the key ${view.name}`}
                confirm={`Revoke the key “${view.name}”${view.organizationName ? ` of ${view.organizationName}` : ''}?`}
                confirmDetail="Every call made with it is refused from now on, and a revoked key never works again. Whoever uses it needs a new key."
              />
            </div>
          )}
        />
      )}
      <Pager label="Pages of the API key list" path="/review/api-keys" filters={filters} previous={list.previous} next={list.next} />
    </div>
  );
}
