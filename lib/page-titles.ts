import { ServiceError } from '@/lib/services/errors';

/**
 * A record page's title names the record ("Case K-9KH5-KFN5 · OpenSeal", issue 13), so a tab or a
 * bookmark says which one it is. Read off the address only: the title tells a refused reader
 * nothing they did not type. Anything that is not a well-formed reference keeps the plain noun.
 */
export function recordTitle(noun: string, reference: string, isReference: (value: unknown) => boolean): string {
  const value = decodeURIComponent(reference);
  return isReference(value) ? `${noun} ${value}` : noun;
}

/** The title of the 404 page (app/not-found.tsx): what a reader who may not see a record is shown. */
export const NOT_FOUND_TITLE = 'Page not found';

/**
 * A record page whose address holds only a UUID is titled by what the record is ("Toysmart.com,
 * Inc.", "Application for toysmart.example"). The name comes from the database, so `find` must go
 * through the same permission check as the page: a reader it refuses — not signed in, not a member,
 * or a record that does not exist — gets the 404 page's title and learns nothing.
 */
export async function permittedRecordTitle(find: () => Promise<string>): Promise<string> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof ServiceError) return NOT_FOUND_TITLE;
    throw error;
  }
}
