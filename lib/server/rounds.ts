/*
 * Work a server does every so often in the background, one round at a time (the public log's
 * checkpointer, the webhooks' fan-out): a tick while a round runs is skipped, a failed round is
 * logged and the next tick tries again, and stopping waits for the round in hand.
 */

export type Rounds = { stop(): Promise<void> };

/** Starts at once, then every `intervalMs`; `round` gets a `stopped()` to check between its steps. */
export function startRounds({ intervalMs, round, onError }: { intervalMs: number; round: (stopped: () => boolean) => Promise<void>; onError: (error: unknown) => void }): Rounds {
  let stopped = false;
  let current: Promise<void> | null = null;
  const tick = () => {
    if (stopped || current) return;
    current = (async () => {
      try {
        await round(() => stopped);
      } catch (error) {
        onError(error);
      } finally {
        current = null;
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
