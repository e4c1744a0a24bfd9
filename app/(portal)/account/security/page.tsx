import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { userSecondFactors } from '@/db/schema';
import { requirePageActor } from '@/lib/auth/session';
import { totpUri } from '@/lib/auth/totp';
import { getRuntime } from '@/lib/runtime';
import { readSiteSettings } from '@/lib/services/site-settings/read';
import { unusedRecoveryCodeCount } from '@/lib/services/second-factor/codes';
import { openTotpSecret } from '@/lib/services/second-factor/secret-storage';
import { ConfirmSecondFactorForm, DisableSecondFactorForm, RegenerateRecoveryCodesForm, StartSecondFactorForm } from './second-factor-forms';
import { DateTime } from '@/components/date-time';

export const metadata: Metadata = { title: 'Sign-in security' };


/** Groups of four, as authenticator apps show a secret to type by hand. */
const spaced = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export default async function AccountSecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/account/security');
  const params = await searchParams;
  const { db, secretBox } = await getRuntime();
  const [factor] = await db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, actor.id)).limit(1);
  const staffRequired = params.required === 'staff' && (await readSiteSettings(db)).requireStaffSecondFactor;

  return (
    <div className="max-w-2xl space-y-6">
      <h1>Sign-in security</h1>
      {staffRequired && !factor?.enabledAt && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          The seal program requires two-factor sign-in for reviewers and administrators. Set it up here to use the review area; until then your account has the rights of an applicant only.
        </p>
      )}
      <section aria-labelledby="two-factor-heading" className="card">
        <h2 id="two-factor-heading" className="mt-0">
          Two-factor sign-in
        </h2>
        {factor?.enabledAt ? (
          <>
            <p className="mb-4" data-testid="second-factor-status">
              Two-factor sign-in is <strong>on</strong> since <DateTime value={factor.enabledAt} style="date" />. You have {await unusedRecoveryCodeCount(db, actor.id)} unused recovery codes.
            </p>
            <DisableSecondFactorForm />
            <div className="mt-6 border-t border-slate-200 pt-4">
              <RegenerateRecoveryCodesForm />
            </div>
          </>
        ) : factor ? (
          <PendingEnrolment secret={openTotpSecret(secretBox, actor.id, factor.secret).secret} email={actor.email} />
        ) : (
          <>
            <p className="mb-4" data-testid="second-factor-status">
              Two-factor sign-in is <strong>off</strong>. With it on, signing in takes your password and a code from an authenticator app on your phone (such as FreeOTP, Aegis, Google Authenticator or 1Password), so a stolen password alone is not enough.
            </p>
            <StartSecondFactorForm />
          </>
        )}
      </section>
    </div>
  );
}

async function PendingEnrolment({ secret, email }: { secret: string; email: string }) {
  const svg = await QRCode.toString(totpUri(secret, email, 'OpenSeal'), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return (
    <>
      <ol className="mb-4 list-decimal space-y-2 pl-5">
        <li>Open your authenticator app and add an account by scanning this QR code.</li>
        <li>Or type this key by hand (time-based, 6 digits, every 30 seconds).</li>
        <li>Enter the code the app shows to switch two-factor sign-in on.</li>
      </ol>
      <img src={`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`} alt="QR code for your authenticator app" width={200} height={200} className="mb-4 border border-slate-200" />
      <p className="mb-4">
        Key: <code data-testid="totp-secret" className="rounded bg-slate-100 px-1 font-mono">{spaced(secret)}</code>
      </p>
      <ConfirmSecondFactorForm />
    </>
  );
}
