/**
 * A record page's title names the record ("Case K-9KH5-KFN5 · OpenSeal", issue 13), so a tab or a
 * bookmark says which one it is. Read off the address only: the title tells a refused reader
 * nothing they did not type. Anything that is not a well-formed reference keeps the plain noun.
 */
export function recordTitle(noun: string, reference: string, isReference: (value: unknown) => boolean): string {
  const value = decodeURIComponent(reference);
  return isReference(value) ? `${noun} ${value}` : noun;
}
