import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { createTestClock } from '@/lib/clock';
import { TooManyAttemptsError, ValidationError } from '@/lib/services/errors';
import { freshDatabase, testDriver, type TestDatabase } from '../helpers/database';
import { rejectionOf } from '../helpers/errors';
import { stampClientAddress } from '@/lib/server/client-address';
import { fileComplaint } from '@/lib/services/complaints/file-complaint';
import { startHttpServer } from '../helpers/http-server';
import { complaintRows, evidenceOf, file, publicContext, publicFiling, SAMPLE_FILES, uniqueAddress, uniqueEmail } from './complaints-fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database?.close();
});

const MINUTE = 60_000;
const FILES_AGAIN = 'Nothing you typed is lost, but files you attached must be chosen again.';
const site = { domain: 'shop.example' };

describe(`intake rate limits, counted in the database (${testDriver})`, () => {
  it('takes 5 complaints an hour from one address, says how long to wait, and takes more once the hour has passed', async () => {
    const clock = createTestClock(new Date('2026-05-04T09:00:00Z'));
    const ctx = publicContext(database.db, clock);
    const clientAddress = uniqueAddress();
    for (let index = 0; index < 5; index++) {
      await file(ctx, site, { clientAddress });
      await clock.setTime(clock.now() + 5 * MINUTE);
    }
    // 09:25: the first of the five was filed at 09:00, so the sixth may come at 10:00.
    const refused = await rejectionOf(file(ctx, site, { clientAddress }), TooManyAttemptsError);
    expect(refused.message).toBe(`You have sent 5 complaints from this connection in the last hour; please wait 35 minutes and send this one again. ${FILES_AGAIN}`);
    expect(refused.retryAfterSeconds).toBe(35 * 60);

    // Another connection is not affected.
    await file(ctx, site, { clientAddress: uniqueAddress() });

    await clock.setTime(clock.now() + 20 * MINUTE);
    expect((await rejectionOf(file(ctx, site, { clientAddress }), TooManyAttemptsError)).message).toContain('please wait 15 minutes');
    await clock.setTime(clock.now() + 15 * MINUTE);
    const accepted = await file(ctx, site, { clientAddress });
    expect(accepted.complaint.submittedFrom).toBe(clientAddress);
  });

  it('takes 3 complaints a day from one email address, whatever the connection or the letter case', async () => {
    const clock = createTestClock(new Date('2026-05-05T08:00:00Z'));
    const ctx = publicContext(database.db, clock);
    const email = uniqueEmail();
    for (let index = 0; index < 3; index++) {
      await file(ctx, site, { complainantEmail: index === 1 ? email.toUpperCase() : email });
      await clock.setTime(clock.now() + 60 * MINUTE);
    }
    const refused = await rejectionOf(file(ctx, site, { complainantEmail: email }), TooManyAttemptsError);
    expect(refused.message).toBe(`3 complaints were sent with the email address ${email} in the last day; please wait 21 hours and send this one again. ${FILES_AGAIN}`);
    await clock.setTime(clock.now() + 21 * 60 * MINUTE);
    await file(ctx, site, { complainantEmail: email });
  });

  it('counts complaints sent at the same moment one after another: never more than the limit', async () => {
    const clock = createTestClock(new Date('2026-05-06T08:00:00Z'));
    const ctx = publicContext(database.db, clock);
    const clientAddress = uniqueAddress();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => file(ctx, site, { clientAddress })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) expect(refusal.reason).toBeInstanceOf(TooManyAttemptsError);
  });
});

describe(`intake rate limits behind a reverse proxy (${testDriver})`, () => {
  it('counts 8 complaints from one client as one address, whatever it writes left of the proxy’s X-Forwarded-For entry', async () => {
    const clock = createTestClock(new Date('2026-05-07T08:00:00Z'));
    // The server's front door as in lib/server/http-server.ts behind OPENSEAL_TRUST_PROXY (one proxy),
    // then what the complaint form's action does with the stamped address.
    const server = await startHttpServer((request, response) => {
      const clientAddress = stampClientAddress(request, 1);
      fileComplaint({ ctx: publicContext(database.db, clock), input: publicFiling(site, { clientAddress }) }).then(
        (filed) => response.writeHead(201).end(filed.complaint.submittedFrom),
        (error: unknown) => response.writeHead(error instanceof TooManyAttemptsError ? 429 : 500).end(String(error)),
      );
    });
    try {
      const realClient = uniqueAddress();
      const answers = [];
      for (let index = 0; index < 8; index++) {
        // The client sends a new made-up address each time; the proxy appends the one it saw.
        const forged = `198.51.100.${index + 1}, ${uniqueAddress()}`;
        const answer = await fetch(`http://127.0.0.1:${server.port}/complaints/new`, {
          method: 'POST',
          headers: { 'X-Forwarded-For': `${forged}, ${realClient}`, 'X-OpenSeal-Client-IP': forged },
        });
        answers.push({ status: answer.status, body: await answer.text() });
      }
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
      for (const answer of answers.slice(0, 5)) expect(answer.body).toBe(realClient);
      expect(answers[5]!.body).toContain('You have sent 5 complaints from this connection in the last hour');
    } finally {
      await server.close();
    }
  });
});

describe(`evidence files, recognised by their bytes (${testDriver})`, () => {
  const ctx = () => publicContext(database.db, createTestClock());

  it('stores each accepted type as sniffed, with size, SHA-256 and a clean name', async () => {
    const evidence = [
      { name: 'screenshot.png', bytes: SAMPLE_FILES.png },
      { name: 'photo.JPG', bytes: SAMPLE_FILES.jpeg },
      { name: 'C:\\Users\\carla\\letter', bytes: SAMPLE_FILES.pdf },
      { name: 'mail.txt', bytes: SAMPLE_FILES.text },
      { name: 'anim.gif', bytes: SAMPLE_FILES.gif },
    ];
    const filed = await file(ctx(), site, { evidence });
    const stored = (await evidenceOf(database.db, filed.complaint.id)).sort((a, b) => a.fileName.localeCompare(b.fileName));
    expect(stored.map(({ fileName, contentType, sizeBytes }) => ({ fileName, contentType, sizeBytes }))).toEqual([
      { fileName: 'anim.gif', contentType: 'image/gif', sizeBytes: SAMPLE_FILES.gif.length },
      { fileName: 'letter.pdf', contentType: 'application/pdf', sizeBytes: SAMPLE_FILES.pdf.length },
      { fileName: 'mail.txt', contentType: 'text/plain', sizeBytes: SAMPLE_FILES.text.length },
      { fileName: 'photo.JPG', contentType: 'image/jpeg', sizeBytes: SAMPLE_FILES.jpeg.length },
      { fileName: 'screenshot.png', contentType: 'image/png', sizeBytes: SAMPLE_FILES.png.length },
    ]);
    const pdf = stored.find((row) => row.contentType === 'application/pdf')!;
    expect(Buffer.from(pdf.content).equals(Buffer.from(SAMPLE_FILES.pdf))).toBe(true);
    expect(pdf.sha256).toBe(crypto.createHash('sha256').update(SAMPLE_FILES.pdf).digest('hex'));
  });

  it.each([
    ['an HTML page renamed .pdf', { name: 'contract.pdf', bytes: SAMPLE_FILES.html }, '“contract.pdf” is a web page or other markup (HTML, SVG or XML), which we do not accept.'],
    ['an SVG image', { name: 'logo.svg', bytes: SAMPLE_FILES.svg }, '“logo.svg” is a web page or other markup (HTML, SVG or XML), which we do not accept.'],
    ['text that is not UTF-8', { name: 'notes.txt', bytes: SAMPLE_FILES.latin1 }, '“notes.txt” is not a file type we accept. We accept images (PNG, JPEG, GIF, WebP), PDF documents and plain text.'],
    ['a PDF named .png', { name: 'shot.png', bytes: SAMPLE_FILES.pdf }, '“shot.png” is named like a PNG image, but its content is a PDF document. Choose the right file, or rename it to end in .pdf.'],
    ['an empty file', { name: 'empty.txt', bytes: new Uint8Array() }, '“empty.txt” is empty.'],
    ['a file over 2 MB', { name: 'big.png', bytes: new Uint8Array(2 * 1024 * 1024 + 1).fill(0x89, 0, 1) }, '“big.png” is 2.0 MB; each file may be at most 2 MB.'],
  ])('refuses %s, saying why, and writes nothing', async (_label, upload, problem) => {
    const before = (await complaintRows(database.db)).length;
    const refused = await rejectionOf(file(ctx(), site, { evidence: [{ name: 'fine.png', bytes: SAMPLE_FILES.png }, upload] }), ValidationError);
    expect(refused.fieldErrors.evidence).toEqual([expect.stringContaining(problem)]);
    expect(refused.message).toContain(problem);
    expect(refused.message).toContain(FILES_AGAIN);
    expect((await complaintRows(database.db)).length).toBe(before);
  });

  it('refuses more than 5 files, and more than 8 MB together', async () => {
    const six = Array.from({ length: 6 }, (_, index) => ({ name: `shot-${index}.png`, bytes: SAMPLE_FILES.png }));
    const tooMany = await rejectionOf(file(ctx(), site, { evidence: six }), ValidationError);
    expect(tooMany.fieldErrors.evidence).toEqual(['You chose 6 files; at most 5 can be sent with a complaint.']);

    const large = () => {
      const bytes = new Uint8Array(Math.floor(1.9 * 1024 * 1024)).fill(0x61);
      bytes.set(SAMPLE_FILES.pdf);
      return bytes;
    };
    const heavy = Array.from({ length: 5 }, (_, index) => ({ name: `part-${index}.pdf`, bytes: large() }));
    const tooHeavy = await rejectionOf(file(ctx(), site, { evidence: heavy }), ValidationError);
    expect(tooHeavy.fieldErrors.evidence).toEqual(['Your files add up to 9.5 MB; together they may be at most 8 MB.']);
  });
});
