'use server';

import { signOutAndGoHome } from '@/lib/auth/return-after-sign-in';

export async function signOutAction() {
  await signOutAndGoHome();
}
