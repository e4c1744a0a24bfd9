import { describe, expect, it } from 'vitest';
import { revocationReasons } from '@/db/schema';
import { effectiveStatus } from '@/lib/seals/effective-status';
import { generateSealPublicId, isSealPublicId, SEAL_ID_ALPHABET } from '@/lib/seals/public-id';
import { isMoreSevere, mayUseReason, reasonsFor, revocationReasonLabels, revocationSeverityOrder } from '@/lib/seals/reasons';
import { addMonths, renewalOpensAt } from '@/lib/seals/validity';

describe('seal public ids', () => {
  it('are OS-XXXX-XXXX from the unambiguous alphabet, and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, () => generateSealPublicId());
    for (const id of ids) {
      expect(id).toMatch(/^OS-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/);
      expect(isSealPublicId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const used = new Set(ids.join('').replace(/OS|-/g, ''));
    expect([...used].every((char) => SEAL_ID_ALPHABET.includes(char))).toBe(true);
    expect(used.size).toBe(SEAL_ID_ALPHABET.length); // every character is drawn
  });

  it('rejects look-alike characters, lowercase and other shapes', () => {
    for (const bad of ['OS-7KQ2-9XF0', 'OS-7KQ2-9XFO', 'OS-1KQ2-9XF4', 'OS-7KQ2-9XFL', 'os-7kq2-9xf4', 'OS-7KQ2-9XF', 'OS7KQ29XF4', ' OS-7KQ2-9XF4', 'XS-7KQ2-9XF4', 42, null]) {
      expect(isSealPublicId(bad)).toBe(false);
    }
    expect(isSealPublicId('OS-7KQ2-9XF4')).toBe(true);
  });
});

describe('effective status', () => {
  const expiresAt = new Date('2027-11-27T12:00:00Z');
  it('reads expired from expiresAt on, for active and suspended seals', () => {
    expect(effectiveStatus({ status: 'active', expiresAt }, new Date('2027-11-27T11:59:59.999Z'))).toBe('active');
    expect(effectiveStatus({ status: 'active', expiresAt }, expiresAt)).toBe('expired');
    expect(effectiveStatus({ status: 'suspended', expiresAt }, new Date('2027-11-27T11:00:00Z'))).toBe('suspended');
    expect(effectiveStatus({ status: 'suspended', expiresAt }, new Date('2028-01-01T00:00:00Z'))).toBe('expired');
  });
  it('keeps revoked: revocation is final and wins over expiry', () => {
    expect(effectiveStatus({ status: 'revoked', expiresAt }, new Date('2030-01-01T00:00:00Z'))).toBe('revoked');
  });
});

describe('revocation reasons', () => {
  it('give the holder only ceased_operation and no_longer_wanted; the authority every reason', () => {
    expect([...reasonsFor('holder')].sort()).toEqual(['ceased_operation', 'no_longer_wanted']);
    expect([...reasonsFor('authority')].sort()).toEqual([...revocationReasons].sort());
    expect(mayUseReason('holder', 'fraud')).toBe(false);
    expect(mayUseReason('holder', 'complaint_upheld')).toBe(false);
    expect(mayUseReason('authority', 'no_longer_wanted')).toBe(true);
  });
  it('are ordered by severity, with every reason ranked and labelled', () => {
    expect([...revocationSeverityOrder].sort()).toEqual([...revocationReasons].sort());
    expect(revocationSeverityOrder[0]).toBe('no_longer_wanted');
    expect(revocationSeverityOrder.at(-1)).toBe('fraud');
    expect(isMoreSevere('fraud', 'privacy_violation')).toBe(true);
    expect(isMoreSevere('ceased_operation', 'no_longer_wanted')).toBe(true);
    expect(isMoreSevere('non_response', 'complaint_upheld')).toBe(false);
    expect(isMoreSevere('fraud', 'fraud')).toBe(false);
    for (const reason of revocationReasons) expect(revocationReasonLabels[reason]).toBeTruthy();
  });
});

describe('validity', () => {
  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths(new Date('2026-11-27T10:00:00Z'), 12)).toEqual(new Date('2027-11-27T10:00:00Z'));
    expect(addMonths(new Date('2027-01-31T10:00:00Z'), 1)).toEqual(new Date('2027-02-28T10:00:00Z'));
    expect(addMonths(new Date('2028-02-29T00:00:00Z'), 12)).toEqual(new Date('2029-02-28T00:00:00Z'));
  });
  it('opens renewal 60 days before expiry', () => {
    expect(renewalOpensAt(new Date('2027-11-27T10:00:00Z'))).toEqual(new Date('2027-09-28T10:00:00Z'));
  });
});
