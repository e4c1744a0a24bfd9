import { describe, expect, it } from 'vitest';
import { formAction } from '@/lib/forms';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, UnauthenticatedError, ValidationError } from '@/lib/services/errors';

/** A form state says which kind of refusal it is, so a client can tell "not yours" from "fix the input" (ADR 0009). */
describe('form states of refused actions', () => {
  const form = () => {
    const data = new FormData();
    data.set('reason', 'typed by the person');
    return data;
  };

  it.each([
    ['unauthenticated', new UnauthenticatedError()],
    ['forbidden', new ForbiddenError()],
    ['not_found', new NotFoundError('No such case.')],
    ['conflict', new ConflictError('This seal is already suspended.')],
    ['validation', new ValidationError('Say why.', { reason: ['Say why.'] })],
    ['too_many_attempts', new TooManyAttemptsError('Wait a minute.', 60)],
  ])('carries the code %s with the message and what was typed', async (code, error) => {
    const state = await formAction(form(), async () => {
      throw error;
    });
    expect(state).toMatchObject({ code, error: error.message, values: { reason: 'typed by the person' } });
  });

  it('has no code when the action succeeded', async () => {
    expect(await formAction(form(), async () => ({ success: 'Saved.' }))).toEqual({ success: 'Saved.' });
  });
});
