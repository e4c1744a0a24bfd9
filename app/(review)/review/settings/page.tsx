import type { Metadata } from 'next';
import { requirePageActor } from '@/lib/auth/session';
import { getRuntime } from '@/lib/runtime';
import { readSiteSettings } from '@/lib/services/site-settings/read';
import { SignInPolicyForm } from './sign-in-policy-form';

export const metadata: Metadata = { title: 'Site settings' };

export default async function SiteSettingsPage() {
  await requirePageActor('/review/settings', 'admin');
  const { db } = await getRuntime();
  const settings = await readSiteSettings(db);
  return (
    <div className="max-w-3xl space-y-6">
      <h1>Site settings</h1>
      <p>Settings of the whole installation, for every program. Each change is recorded in the audit log.</p>
      <SignInPolicyForm requireStaffSecondFactor={settings.requireStaffSecondFactor} />
    </div>
  );
}
