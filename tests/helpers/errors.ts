import { expect } from 'vitest';

/**
 * Awaits a call that must fail and returns its error, typed, after checking its class: a test then
 * asserts the message a person reads. A call that succeeds fails the test.
 */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const succeeded = Symbol('succeeded');
  const outcome = await promise.then(
    () => succeeded,
    (error: unknown) => error,
  );
  if (outcome === succeeded) throw new Error(`expected a ${type.name}, but the call succeeded`);
  expect(outcome).toBeInstanceOf(type);
  return outcome as E;
}
