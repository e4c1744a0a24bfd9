import { Secret, TOTP } from 'otpauth';
import { userRecoveryCodes, userSecondFactors } from '@/db/schema';
import type { Database } from '@/db/client';
import { createTotpSecret, generateRecoveryCodes, hashRecoveryCode } from '@/lib/auth/totp';
import type { SecretBox } from '@/lib/auth/secret-box';
import { sealTotpSecret } from '@/lib/services/second-factor/secret-storage';
import { TEST_SECRET_BOX } from './factories';

/**
 * Switches a second factor on for a user, as a finished enrolment would; returns its secret and
 * recovery codes. The secret is stored sealed by `box` (the tests' key unless given), or readable
 * with `readable: true`, as rows from before encryption hold it.
 */
export async function seedSecondFactor(db: Database, userId: string, at = new Date(), { box = TEST_SECRET_BOX, readable = false }: { box?: SecretBox; readable?: boolean } = {}) {
  const secret = createTotpSecret();
  const recoveryCodes = generateRecoveryCodes();
  const stored = readable ? secret : sealTotpSecret(box, userId, secret);
  await db.insert(userSecondFactors).values({ userId, secret: stored, enabledAt: at, lastUsedStep: null, createdAt: at });
  await db.insert(userRecoveryCodes).values(recoveryCodes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: at })));
  return { secret, recoveryCodes };
}

/** The code an authenticator app shows at `atMs`, computed independently of the code under test. */
export function totpCodeAt(secret: string, atMs: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: atMs, period: 30, digits: 6, algorithm: 'SHA1' });
}
