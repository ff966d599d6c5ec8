import { useState } from 'react';
import { parse, stringify } from 'yaml';
import type { Policy } from '../../api/types';

/** The policy as YAML; a valid edit updates the form at once, an invalid one says where it breaks. */
export function PolicyYaml({ policy, readOnly, onChange }: { policy: Policy; readOnly: boolean; onChange: (p: Partial<Policy>) => void }) {
  // Mounted when the tab opens, so it starts from the form; while it is open only this text changes the
  // policy, so it is never rewritten under the cursor.
  const [text, setText] = useState(() => stringify(policy));
  const [error, setError] = useState<string | null>(null);

  function edit(value: string) {
    setText(value);
    try {
      const parsed = parse(value) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        setError('The YAML must be a mapping (name, source, tags, destinations, override, trigger).');
        return;
      }
      setError(null);
      onChange(parsed as Partial<Policy>);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="yaml-editor">
      <label htmlFor="policy-yaml" className="sr-only">
        Policy as YAML
      </label>
      <textarea id="policy-yaml" data-field="$" className="code" rows={22} spellCheck={false} value={text} readOnly={readOnly} onChange={(e) => edit(e.target.value)} />
      <div className="field-error" data-error-for="$" role={error ? 'alert' : undefined}>
        {error}
      </div>
    </div>
  );
}
