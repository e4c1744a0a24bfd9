'use server';

import { signOutAndGoHome } from '@/lib/auth/return-after-sign-in';
import { getServiceContext } from '@/lib/auth/session';
import { endSessions } from '@/lib/services/users/end-sessions';

/** Signs out here and everywhere: every other session of the user, a copied cookie included, ends too. */
export async function signOutAction() {
  await endSessions({ ctx: await getServiceContext() });
  await signOutAndGoHome();
}
