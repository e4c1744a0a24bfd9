import { systemClock, TestClock, type Clock } from 'pg-boss';

/**
 * The one source of "now" for services and jobs. It is pg-boss's clock interface, so a test that
 * moves a TestClock moves the job scheduler, the database's idea of job time and the services together.
 *
 * A TestClock should start at the real time (`createTestClock()`): statements that do not pass
 * through pg-boss (a job enqueued inside a drizzle transaction) are stamped by PostgreSQL's own now().
 */
export type { Clock };
export { systemClock, TestClock };

export function createTestClock(start: Date = new Date()): TestClock {
  return new TestClock(start);
}

export function nowDate(clock: Clock): Date {
  return new Date(clock.now());
}
