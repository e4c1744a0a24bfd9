import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { complaintEvidence, complaints, notifications, outboundMails } from '@/db/schema';
import type { Database } from '@/db/client';
import type { Clock } from '@/lib/clock';
import type { ServiceContext } from '@/lib/services/context';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';

/** The smallest files each accepted type can be recognised by. */
export const SAMPLE_FILES = {
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]),
  gif: new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000'),
  webp: new Uint8Array([...new TextEncoder().encode('RIFF'), 26, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8 ')]),
  pdf: new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  text: new TextEncoder().encode('Mail from Toysmart, 2 June:\n“Your customer list is part of the assets for sale.”\n'),
  html: new TextEncoder().encode('  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
  svg: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  latin1: new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), // “Café ok” in Latin-1: not UTF-8
};

export function uniqueEmail(label = 'complainant') {
  return `${label}-${crypto.randomBytes(4).toString('hex')}@example.test`;
}

export function uniqueAddress() {
  return `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;
}

/** A complete public filing about `target` (a seal's public id or a domain); every field a person fills in. */
export function publicFiling(target: { sealId?: string; domain?: string }, overrides: Record<string, unknown> = {}) {
  return {
    category: 'third_party_sharing',
    ...target,
    description: 'The shop sent my address to an advertising partner although its policy promises it never shares data.',
    occurredOn: '2026-01-10',
    contactedCompany: 'yes',
    contactedCompanyOn: '2026-01-12',
    complainantName: 'Carla Complainant',
    complainantEmail: uniqueEmail(),
    shareIdentity: 'no',
    website: '',
    clientAddress: uniqueAddress(),
    evidence: [],
    ...overrides,
  };
}

export async function file(ctx: ServiceContext, target: { sealId?: string; domain?: string }, overrides: Record<string, unknown> = {}) {
  return fileComplaint({ ctx, input: publicFiling(target, overrides) });
}

export const publicContext = (db: Database, clock: Clock): ServiceContext => ({ db, clock, actor: null });

export async function complaintRows(db: Database) {
  return db.select().from(complaints);
}

export async function evidenceOf(db: Database, complaintId: string) {
  return db.select().from(complaintEvidence).where(eq(complaintEvidence.complaintId, complaintId));
}

export async function mailsTo(db: Database, address: string) {
  return db.select().from(outboundMails).where(eq(outboundMails.toAddress, address));
}

export async function notificationsOf(db: Database, userId: string) {
  return db.select().from(notifications).where(eq(notifications.recipientId, userId));
}
