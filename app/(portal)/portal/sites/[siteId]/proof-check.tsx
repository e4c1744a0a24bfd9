'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { FormState } from '@/lib/forms';
import { verifySiteAction } from '../../actions';

/** How often and how long the page checks again by itself after "I've added it" (issue 13, item 12). */
export const RECHECK = { everySeconds: 30, attempts: 10 } as const;

type Props = { siteId: string; method: 'dns' | 'meta' | 'file'; label: string };

/**
 * The "Check" button of one ownership method, and "I've added it — keep checking": DNS records and
 * new pages take a while to be seen, so the page then checks again every 30 seconds for five
 * minutes, saying when the next check comes, and stops at the first success (or when asked). Each
 * check is the same server action as the button, with its permission check and rate limits.
 */
export function ProofCheck({ siteId, method, label }: Props) {
  const router = useRouter();
  const [state, setState] = useState<FormState | undefined>();
  const [pending, startTransition] = useTransition();
  const [watch, setWatch] = useState<{ attempt: number; nextAt: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const watching = useRef(false);

  function check(then?: (verified: boolean) => void) {
    const formData = new FormData();
    formData.set('siteId', siteId);
    formData.set('method', method);
    startTransition(async () => {
      const result = await verifySiteAction(undefined, formData);
      setState(result);
      const verified = !!result.success;
      if (verified) router.refresh();
      then?.(verified);
    });
  }

  function keepChecking(attempt: number) {
    watching.current = true;
    check((verified) => {
      if (verified || !watching.current || attempt >= RECHECK.attempts) {
        watching.current = false;
        setWatch(null);
        return;
      }
      setWatch({ attempt: attempt + 1, nextAt: Date.now() + RECHECK.everySeconds * 1000 });
    });
  }

  // One timer for the countdown and the next check; cleared when the page is left.
  useEffect(() => {
    if (!watch) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= watch.nextAt) {
        clearInterval(timer);
        keepChecking(watch.attempt);
      }
    }, 1000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keepChecking is recreated each render; the watch state drives the timer
  }, [watch]);

  const secondsLeft = watch ? Math.max(0, Math.ceil((watch.nextAt - now) / 1000)) : 0;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" disabled={pending} onClick={() => check()}>
          {pending ? 'Checking…' : label}
        </button>
        {watch ? (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              watching.current = false;
              setWatch(null);
            }}
          >
            Stop checking
          </button>
        ) : (
          <button type="button" className="btn-secondary" disabled={pending} onClick={() => keepChecking(1)}>
            I’ve added it — keep checking
          </button>
        )}
      </div>
      <p aria-live="polite" role={state?.error && !watch ? 'alert' : undefined} className={`text-sm ${state?.error ? 'text-red-800' : 'text-green-800'}`}>
        {state?.error ?? state?.success}
      </p>
      {watch && (
        <p className="text-sm text-slate-700" data-testid={`recheck-${method}`}>
          Not found yet. Checking again in {secondsLeft} s (check {watch.attempt} of {RECHECK.attempts}); keep this page open, or come back later and press the check button.
        </p>
      )}
    </div>
  );
}
