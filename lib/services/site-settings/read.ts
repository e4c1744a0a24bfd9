import { eq } from 'drizzle-orm';
import { siteSettings } from '@/db/schema';
import type { Executor } from '@/db/client';

export type SiteSettings = { requireStaffSecondFactor: boolean };
export const SITE_SETTINGS_DEFAULTS: SiteSettings = { requireStaffSecondFactor: false };
export const SITE_SETTINGS_ID = 'site';

/** The installation's settings; every default while no admin has saved any. */
export async function readSiteSettings(db: Executor): Promise<SiteSettings> {
  const [row] = await db.select({ requireStaffSecondFactor: siteSettings.requireStaffSecondFactor }).from(siteSettings).where(eq(siteSettings.id, SITE_SETTINGS_ID)).limit(1);
  return row ?? SITE_SETTINGS_DEFAULTS;
}
