import { ActionButton } from '@/components/action-button';
import { ApiKeyTable } from '@/components/api-keys/api-key-table';
import { API_SCOPES } from '@/lib/api/scopes';
import { API_KEY_LIMITS } from '@/lib/services/api-keys/manage-api-keys';
import { ORGANIZATION_KEYS_SHOWN, type ApiKeyView } from '@/lib/services/api-keys/list-api-keys';
import { CreateOrganizationApiKeyForm } from './api-key-form';
import { revokeOrganizationApiKeyAction } from './api-key-actions';

const organizationScopes = Object.entries(API_SCOPES.organization).map(([value, label]) => ({ value, label }));

/**
 * The organization's API keys (issue #17): every member reads the list; owners make keys and
 * revoke them. A key acts as the owner who made it, within its scopes, for this organization only.
 */
export function ApiKeysSection({ organizationId, keys, more, canManage }: { organizationId: string; keys: ApiKeyView[]; more: boolean; canManage: boolean }) {
  return (
    <section aria-labelledby="api-keys-heading" className="space-y-4">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="max-w-3xl text-sm text-slate-700">
        A key lets your own systems read this organization’s seals, applications and cases, and answer notices, through the OpenSeal API (<code>Authorization: Bearer osk_…</code>). It acts as the owner who made it, only for this organization and only
        within what it may do.{canManage ? '' : ' Only owners make and revoke keys.'}
      </p>
      {keys.length === 0 ? (
        <p data-testid="api-keys-empty">No keys yet.</p>
      ) : (
        <ApiKeyTable
          caption={more ? `The ${ORGANIZATION_KEYS_SHOWN} newest keys` : 'Keys, newest first'}
          keys={keys}
          actions={
            canManage
              ? (view) => (
                  <ActionButton
                    action={revokeOrganizationApiKeyAction}
                    fields={{ organizationId, keyId: view.id }}
                    label="Revoke"
                    className="btn-danger"
                    ariaLabel={`Revoke the key ${view.name}`}
                    confirm={`Revoke the key “${view.name}”?`}
                    confirmDetail="Every call made with it is refused from now on, and a revoked key never works again. Whatever uses it needs a new key."
                  />
                )
              : undefined
          }
        />
      )}
      {canManage && <CreateOrganizationApiKeyForm organizationId={organizationId} scopes={organizationScopes} maxDays={API_KEY_LIMITS.maxDaysValid} />}
    </section>
  );
}
