import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { countryOptions } from '@/lib/services/organizations/fields';
import { OrganizationForm } from './organization-form';

export const metadata: Metadata = { title: 'New organization' };

export default async function NewOrganizationPage() {
  await requirePageActor('/portal/organizations/new');
  return (
    <div>
      <h1>Create an organization</h1>
      <p className="mb-4 max-w-prose">The organization is the legal entity that owns your websites and holds their seals. You become its first owner and can invite colleagues.</p>
      <OrganizationForm countries={countryOptions()} />
    </div>
  );
}
