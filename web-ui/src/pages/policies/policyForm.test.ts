import { describe, expect, it } from 'vitest';
import type { Policy } from '../../api/types';
import { errorsByField, fromPolicy, toPolicy } from './policyForm';

const policy: Policy = {
  name: 'apps-to-london',
  source: { registry: 'hz', repositories: ['team-a/**', 'team-b/tools'], exclude: ['team-a/legacy'] },
  tags: { include: ['v.*', 'latest'], exclude: ['.*-rc'], semver: '^1.2', latest: 3, digests: ['sha256:' + 'a'.repeat(64)] },
  destinations: [
    { registry: 'ldn', namespace: null },
    { registry: 'va', namespace: 'mirror' },
  ],
  override: false,
  trigger: { type: 'cron', cron: '0 0/5 * * * ?' },
};

describe('policy form', () => {
  it('turns a policy into form lines and back without losing anything', () => {
    const form = fromPolicy(policy);
    expect(form.repositories).toBe('team-a/**\nteam-b/tools');
    expect(toPolicy(form)).toEqual(policy);
  });

  it('leaves optional parts out when empty, as the API writes them', () => {
    const p = toPolicy({ ...fromPolicy(policy), excludeRepositories: '', semver: ' ', latest: '', digests: '\n' });
    expect(p.source).toEqual({ registry: 'hz', repositories: ['team-a/**', 'team-b/tools'] });
    expect(p.tags).toEqual({ include: ['v.*', 'latest'], exclude: ['.*-rc'] });
  });

  it('drops blank lines and trims values', () => {
    const form = { ...fromPolicy(policy), include: ' v.* \n\n latest\n' };
    expect(toPolicy(form).tags.include).toEqual(['v.*', 'latest']);
  });

  it('sends a debounce that is not a number as typed, so the server names the field', () => {
    const form = { ...fromPolicy(policy), triggerType: 'event' as const, debounceSeconds: 'soon' };
    expect(toPolicy(form).trigger).toEqual({ type: 'event', debounceSeconds: 'soon' });
  });

  it('puts each API problem next to the input it names', () => {
    const errors = errorsByField([
      { field: 'tags.include[1]', reason: 'not a regular expression' },
      { field: 'tags.digests[0]', reason: 'must be a manifest digest' },
      { field: 'tags.latest', reason: 'must be at least 1' },
      { field: 'destinations[1]', reason: 'duplicates destinations[0]' },
      { field: 'trigger.cron', reason: 'not a valid Quartz cron expression' },
      { field: '$', reason: 'malformed JSON' },
    ]);
    expect(errors['tags.include']).toBe('line 2: not a regular expression');
    expect(errors['tags.digests']).toBe('line 1: must be a manifest digest');
    expect(errors['tags.latest']).toBe('must be at least 1');
    expect(errors['destinations[1].registry']).toBe('duplicates destinations[0]');
    expect(errors['trigger.cron']).toBe('not a valid Quartz cron expression');
    expect(errors['']).toBe('$: malformed JSON');
  });
});
