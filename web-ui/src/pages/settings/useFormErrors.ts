import { useState } from 'react';
import { ApiError } from '../../api/client';

/** Server-side problems of a settings form, by the field the API names (`''` for the rest). */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    errors,
    clear: () => setErrors({}),
    take: (e: unknown) => {
      if (e instanceof ApiError && e.errors.length > 0) {
        const out: Record<string, string> = {};
        for (const p of e.errors) out[p.field] = out[p.field] ? `${out[p.field]}; ${p.reason}` : p.reason;
        setErrors(out);
      } else setErrors({ '': (e as Error).message });
    },
  };
}
