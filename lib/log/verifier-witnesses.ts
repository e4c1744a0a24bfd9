import { parseCosignerKey, verifiedCosignatures, type Cosigner } from '@/lib/log/cosignature';
import { NoteError } from '@/lib/log/note';
import { LogVerifierUsageError } from '@/lib/log/verifier-http';

/*
 * The verifier's witness check (`log:verify --witness KEY`, ADR 0023 "Witnesses"): each witness
 * given must have cosigned the checkpoint. Pure functions over the note; no I/O.
 */

export function parseWitnessOption(text: string): Cosigner {
  try {
    return parseCosignerKey(text);
  } catch (error) {
    if (error instanceof NoteError) throw new LogVerifierUsageError(`The key given with --witness is not a witness's verifier key: ${error.message}`);
    throw error;
  }
}

/**
 * Each witness given must have cosigned this checkpoint: its statement that the tree is consistent
 * with every one it saw. `by`: the witnesses whose cosignature verified; `problems`: in words.
 */
export function checkCosignatures(note: string, witnesses: Cosigner[]): { by: string[]; problems: string[] } {
  if (witnesses.length === 0) return { by: [], problems: [] };
  let found: ReturnType<typeof verifiedCosignatures>;
  try {
    found = verifiedCosignatures(note, witnesses);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return { by: [], problems: [`The checkpoint carries a cosignature that does not verify: ${error.message}`] };
  }
  const by = found.map(({ witness }) => witness.name);
  const problems = witnesses
    .filter((witness) => !by.includes(witness.name))
    .map((witness) => `The checkpoint has no cosignature by the witness ${witness.name}: nobody independent vouches that this tree is the one everyone else sees.`);
  return { by, problems };
}
