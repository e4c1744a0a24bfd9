'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { changeTimeZoneAction } from '@/app/(portal)/account/actions';
import { browserTimeZone, sameTimeZone } from '@/lib/format/dates';

/**
 * Tells the server the browser's time zone once per browser session, when it differs from the one
 * dates are written in and the user has not chosen one on the account page (ADR 0022); the page is
 * then drawn again in the new zone.
 */
export function TimeZoneSync({ zone, chosen }: { zone: string | null; chosen: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (chosen) return;
    const detected = browserTimeZone();
    if (!detected || sameTimeZone(zone, detected)) return;
    const reported = `openseal.time-zone-reported.${detected}`;
    if (sessionStorage.getItem(reported)) return;
    sessionStorage.setItem(reported, '1');
    const form = new FormData();
    form.set('source', 'browser');
    form.set('timeZone', detected);
    void changeTimeZoneAction(undefined, form).then((state) => {
      if (state.success) router.refresh();
    });
  }, [zone, chosen, router]);
  return null;
}
