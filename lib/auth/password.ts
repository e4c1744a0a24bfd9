import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); about 50 ms here.
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id; the enum is a const enum, unusable under isolatedModules */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash must not turn into a 500
  }
}

let estimator: ZxcvbnFactory | undefined;

/**
 * Why a password is refused, in words for the person choosing it, or null when it is acceptable.
 * "Very common" is judged by zxcvbn against its list of some 40,000 leaked passwords, keyboard
 * walks, repeats and sequences; the person's own name and email count as guessable too.
 */
export function passwordProblem(password: string, personalInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length}).`;
  if (password.length > 256) return 'Use at most 256 characters.';
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = personalInputs.flatMap((value) => [value, ...value.split(/[@.\s]+/)]).filter((value) => value.length >= 3);
  if (estimator.check(password, inputs).score < 3) {
    return 'This password is too easy to guess: it is a common password, a simple pattern or close to your name or email. Try a few unrelated words.';
  }
  return null;
}

/** A password for accounts created by an administrator or a script, shown once. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const chars = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}-${chars.slice(15, 20)}`;
}
