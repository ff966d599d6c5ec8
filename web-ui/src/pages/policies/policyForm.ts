import type { FieldProblem } from '../../api/client';
import type { Policy } from '../../api/types';

/**
 * The editor's state: the policy JSON with multi-value fields as text, one value per line. The
 * conversions are exact both ways, so the form and the YAML tab describe the same policy.
 */
export interface PolicyForm {
  name: string;
  sourceRegistry: string;
  repositories: string;
  excludeRepositories: string;
  include: string;
  exclude: string;
  semver: string;
  latest: string;
  digests: string;
  destinations: { registry: string; namespace: string }[];
  override: boolean;
  triggerType: 'manual' | 'cron' | 'event';
  cron: string;
  debounceSeconds: string;
}

export const EMPTY_FORM: PolicyForm = {
  name: '',
  sourceRegistry: '',
  repositories: '**',
  excludeRepositories: '',
  include: '.*',
  exclude: '',
  semver: '',
  latest: '',
  digests: '',
  destinations: [{ registry: '', namespace: '' }],
  override: true,
  triggerType: 'manual',
  cron: '0 0 * * * ?',
  debounceSeconds: '10',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

export function toPolicy(f: PolicyForm): Policy {
  const trigger: Policy['trigger'] =
    f.triggerType === 'cron'
      ? { type: 'cron', cron: f.cron.trim() }
      : f.triggerType === 'event'
        ? { type: 'event', debounceSeconds: f.debounceSeconds.trim() === '' ? null : integerOrText(f.debounceSeconds.trim()) }
        : { type: 'manual' };
  const source: Policy['source'] = { registry: f.sourceRegistry, repositories: lines(f.repositories) };
  if (lines(f.excludeRepositories).length > 0) source.exclude = lines(f.excludeRepositories);
  const tags: Policy['tags'] = { include: lines(f.include), exclude: lines(f.exclude) };
  // optional parts are left out when empty, as the API writes them
  if (f.semver.trim() !== '') tags.semver = f.semver.trim();
  if (f.latest.trim() !== '') tags.latest = integerOrText(f.latest.trim());
  if (lines(f.digests).length > 0) tags.digests = lines(f.digests);
  return {
    name: f.name.trim(),
    source,
    tags,
    destinations: f.destinations.map((d) => ({ registry: d.registry, namespace: d.namespace.trim() === '' ? null : d.namespace.trim() })),
    override: f.override,
    trigger,
  };
}

/** A number when it is one; else the text as typed, so the API names the field and says why. */
function integerOrText(s: string): number {
  return /^-?\d+$/.test(s) ? Number(s) : (s as unknown as number);
}

/** Reads a policy (from the API or the YAML tab); anything missing gets the API's default. */
export function fromPolicy(p: Partial<Policy> | null | undefined): PolicyForm {
  const t = (p?.trigger ?? { type: 'manual' }) as Record<string, unknown>;
  const type = t.type === 'cron' || t.type === 'event' ? t.type : 'manual';
  return {
    name: str(p?.name),
    sourceRegistry: str(p?.source?.registry),
    repositories: (p?.source?.repositories ?? []).join('\n'),
    excludeRepositories: (p?.source?.exclude ?? []).join('\n'),
    include: (p?.tags?.include ?? ['.*']).join('\n'),
    exclude: (p?.tags?.exclude ?? []).join('\n'),
    semver: str(p?.tags?.semver),
    latest: str(p?.tags?.latest),
    digests: (p?.tags?.digests ?? []).join('\n'),
    destinations: (p?.destinations ?? []).map((d) => ({ registry: str(d?.registry), namespace: str(d?.namespace) })),
    override: p?.override ?? true,
    triggerType: type,
    cron: type === 'cron' ? str(t.cron) : EMPTY_FORM.cron,
    debounceSeconds: type === 'event' && t.debounceSeconds != null ? String(t.debounceSeconds) : EMPTY_FORM.debounceSeconds,
  };
}

function str(v: unknown): string {
  return v == null ? '' : String(v);
}

const MULTI_VALUE = /^(source\.repositories|source\.exclude|tags\.include|tags\.exclude|tags\.digests)\[(\d+)\]$/;

/**
 * Puts each problem the API reported next to the input it names: `tags.include[2]` goes to the
 * `tags.include` box as "line 3: …", `destinations[1]` to that destination's registry. Problems
 * without an input (`$`) are returned under `''`.
 */
export function errorsByField(problems: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (field: string, reason: string) => {
    out[field] = out[field] ? `${out[field]}; ${reason}` : reason;
  };
  for (const { field, reason } of problems) {
    const multi = MULTI_VALUE.exec(field);
    if (multi) add(multi[1], `line ${Number(multi[2]) + 1}: ${reason}`);
    else if (/^destinations\[\d+\]$/.test(field)) add(`${field}.registry`, reason);
    else if (field === 'source') add('source.registry', reason);
    else if (field === 'trigger') add('trigger.type', reason);
    else if (field === 'tags') add('tags.include', reason);
    else if (KNOWN_FIELD.test(field)) add(field, reason);
    else add('', `${field}: ${reason}`);
  }
  return out;
}

const KNOWN_FIELD =
  /^(name|source\.registry|source\.repositories|source\.exclude|tags\.include|tags\.exclude|tags\.semver|tags\.latest|tags\.digests|destinations|destinations\[\d+\]\.(registry|namespace)|override|trigger\.(type|cron|debounceSeconds))$/;
