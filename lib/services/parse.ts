import type { z } from 'zod';
import { ValidationError } from './errors';

/** Parses a verb's input; a failure becomes a ValidationError with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0]?.message ?? 'The input is not valid.';
  throw new ValidationError(Object.keys(fieldErrors).length > 1 ? 'Please correct the highlighted fields.' : first, fieldErrors);
}
