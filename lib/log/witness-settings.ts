import { z } from 'zod';
import { parseCosignerKey, type Cosigner } from './cosignature';
import { NoteError } from './note';

/** A witness the log asks to cosign its checkpoints: its key (C2SP vkey, type 0x04) and its submission prefix. */
export type WitnessSetting = { cosigner: Cosigner; url: string };

const WitnessList = z.array(
  z.object({
    key: z.string({ message: 'expected "key": the witness’s verifier key (name+keyhash+base64)' }),
    url: z.url({ protocol: /^https?$/, message: 'expected "url": the witness’s http(s) submission prefix' }),
  }),
  { message: 'expected a JSON array of {"key": "…", "url": "https://…"}' },
);

/** `OPENSEAL_LOG_WITNESSES`: a JSON array of `{"key", "url"}`; throws with the problem in words. */
export function parseWitnessesSetting(text: string): WitnessSetting[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('expected JSON: an array of {"key": "<witness verifier key>", "url": "https://witness.example/prefix"}');
  }
  const parsed = WitnessList.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'not a list of witnesses');
  const witnesses = parsed.data.map((entry, index) => {
    try {
      return { cosigner: parseCosignerKey(entry.key), url: entry.url.replace(/\/+$/, '') };
    } catch (error) {
      if (error instanceof NoteError) throw new Error(`witness ${index + 1}: ${error.message}`);
      throw error;
    }
  });
  const names = witnesses.map((witness) => witness.cosigner.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new Error(`the witness ${twice} is listed twice`);
  return witnesses;
}

/** The problem with the setting in words, or null (the configuration's error list). */
export function witnessesSettingProblem(text: string): string | null {
  try {
    parseWitnessesSetting(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
