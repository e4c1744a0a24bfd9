'use client';

import { useState, type FormEvent } from 'react';
import type { FormState } from '@/lib/forms';

/**
 * The fields a person changed since the server's last answer, so that answer's error under a field
 * they have since corrected (a radio chosen after "choose one") is not left standing. Starts empty
 * with each new answer. Put `onChange` on an element around the fields.
 */
export function useEditedSinceAnswer(state: FormState | undefined) {
  const [edited, setEdited] = useState<{ answer: FormState | undefined; names: ReadonlySet<string> }>({ answer: state, names: new Set() });
  const names = edited.answer === state ? edited.names : new Set<string>();
  const onChange = (event: FormEvent<HTMLElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && !names.has(name)) setEdited({ answer: state, names: new Set(names).add(name) });
  };
  return { edited: names, onChange };
}
