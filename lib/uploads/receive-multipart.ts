import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { EVIDENCE_LIMITS } from '@/lib/complaints/limits';
import { ValidationError } from '@/lib/services/errors';
import type { ReceivedFile } from '@/lib/services/uploads/stage-upload';

export const NO_FILE_MESSAGE = 'The upload carried no file. Choose the file again.';

/**
 * Starts reading a multipart/form-data body and resolves with its first file part, whose bytes
 * arrive as the reader asks for them: busboy parses the stream as it comes and holds no file, and
 * the request is read only as fast as the file is consumed (docs/adr/0021). The file is cut one
 * byte past the largest accepted, so the reader sees that it was too large. Further files, and
 * fields, are skipped unread. `stop()` ends the reading: what is left of the body (at most its
 * declared length, judged before) is drained unkept, so the client can read the answer.
 */
export function multipartReceiver(body: ReadableStream<Uint8Array> | null, headers: Headers): { receive: () => Promise<ReceivedFile>; stop: () => void; started: () => boolean } {
  let source: Readable | null = null;
  let parser: busboy.Busboy | null = null;
  const stop = () => {
    if (!source) return;
    if (parser) source.unpipe(parser);
    source.resume();
  };
  const receive = () =>
    new Promise<ReceivedFile>((resolve, reject) => {
      if (!body) return reject(new ValidationError(NO_FILE_MESSAGE));
      try {
        parser = busboy({
          headers: { 'content-type': headers.get('content-type') ?? '' },
          limits: { files: 1, fileSize: EVIDENCE_LIMITS.maxFileBytes + 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 20 },
        });
      } catch {
        return reject(new ValidationError('An upload is sent as multipart/form-data with one file. Send the file again from the form.'));
      }
      let found = false;
      let file: Readable | null = null;
      // A broken body or a client gone mid-file ends the file's stream with the error, so its reader stops too.
      const fail = (error: Error, unfound: string) => (file ? file.destroy(error) : reject(new ValidationError(unfound)));
      parser.on('file', (_field, stream, info) => {
        if (found) return stream.resume();
        found = true;
        file = stream;
        resolve({ name: info.filename ?? '', chunks: stream });
      });
      parser.on('error', (error: Error) => {
        fail(error, 'The upload could not be read as a form with a file. Send the file again from the form.');
        stop();
      });
      parser.on('close', () => {
        if (!found) reject(new ValidationError(NO_FILE_MESSAGE));
      });
      source = Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
      source.on('error', (error) => fail(error, 'The upload was interrupted. Send the file again.'));
      source.pipe(parser);
    });
  return { receive, stop, started: () => source !== null };
}
