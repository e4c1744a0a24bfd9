import { describe, expect, it } from 'vitest';
import { recognise } from '@/lib/services/search/recognise';

describe('what the staff search box recognises in what was typed', () => {
  it.each([
    ['os-7kq2-9xf4', { kind: 'seal', publicId: 'OS-7KQ2-9XF4' }],
    ['C-ABCD-2345', { kind: 'complaint', reference: 'C-ABCD-2345' }],
    ['k-abcd-2345', { kind: 'case', reference: 'K-ABCD-2345' }],
    ['Rita@OpenSeal.example', { kind: 'email', email: 'rita@openseal.example' }],
    ['toysmart.example', { kind: 'domain', domain: 'toysmart.example' }],
    ['https://WWW.Toysmart.example:443/privacy?x=1', { kind: 'domain', domain: 'toysmart.example' }],
    // A name is text even with a dot in it; an id in the wrong alphabet (0, O, 1, I, L) is not an id.
    ['Toysmart.com, Inc.', { kind: 'text', text: 'Toysmart.com, Inc.' }],
    ['Inc.', { kind: 'text', text: 'Inc.' }],
    ['OS-0000-1111', { kind: 'text', text: 'OS-0000-1111' }],
    ['owner-42@', { kind: 'text', text: 'owner-42@' }],
  ])('%s', (typed, expected) => {
    expect(recognise(typed)).toEqual(expected);
  });
});
