import type { ReactNode } from 'react';
import { DateTime } from '@/components/date-time';
import { apiKeyKindLabels } from '@/lib/api/scopes';
import type { ApiKeyView } from '@/lib/services/api-keys/list-api-keys';

/*
 * A list of API keys as people read it (issue #17): its name and the token's public prefix (the
 * secret part is never shown again), what it may do, who made it and when, its use, and whether it
 * still works. The portal shows an organization's keys; the staff workspace every key, with whose.
 */

function KeyState({ view }: { view: ApiKeyView }) {
  if (view.state === 'revoked' && view.revokedAt) {
    return (
      <span className="text-red-900">
        Revoked <DateTime value={view.revokedAt} />
        {view.revokedByName && ` by ${view.revokedByName}`}
      </span>
    );
  }
  if (view.state === 'expired') return <span className="text-amber-900">Expired</span>;
  return <span className="text-green-900">In use</span>;
}

function Whose({ view }: { view: ApiKeyView }) {
  return (
    <>
      {apiKeyKindLabels[view.kind]}
      {view.organizationName && <div className="text-slate-700">{view.organizationName}</div>}
    </>
  );
}

type Props = {
  caption: string;
  keys: ApiKeyView[];
  /** Adds the kind and the organization (the staff list of every key). */
  showWhose?: boolean;
  /** The actions on a key still in use or expired (a revoked one has none); none: a read-only list. */
  actions?: (view: ApiKeyView) => ReactNode;
};

export function ApiKeyTable({ caption, keys, showWhose = false, actions }: Props) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="mb-2 text-left font-semibold">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left">
          <th scope="col" className="py-2">Key</th>
          {showWhose && <th scope="col">Kind</th>}
          <th scope="col">May</th>
          <th scope="col">Made</th>
          <th scope="col">Last used</th>
          <th scope="col">Calls (24 h)</th>
          <th scope="col">Expires</th>
          <th scope="col">Status</th>
          {actions && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {keys.map((view) => (
          <tr key={view.id} className="border-b border-slate-200 align-top [&>td]:py-2" data-testid={`api-key-${view.publicId}`}>
            <td>
              <div className="font-medium">{view.name}</div>
              <code className="text-xs">{view.prefix}</code>
            </td>
            {showWhose && (
              <td>
                <Whose view={view} />
              </td>
            )}
            <td>
              <ul>
                {view.scopes.map((scope) => (
                  <li key={scope}>
                    <code className="text-xs">{scope}</code>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              <DateTime value={view.createdAt} style="date" />
              <div className="text-slate-700">by {view.createdByName}</div>
            </td>
            <td>{view.lastUsedAt ? <DateTime value={view.lastUsedAt} /> : 'Never'}</td>
            <td>{view.callsLast24h}</td>
            <td>{view.expiresAt ? <DateTime value={view.expiresAt} /> : 'Does not expire'}</td>
            <td>
              <KeyState view={view} />
            </td>
            {actions && <td>{view.state !== 'revoked' && actions(view)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
