import cronstrue from 'cronstrue';
import type { Trigger } from '../../api/types';

/** "At 0 minutes past the hour" for a Quartz cron (seconds first), or why it cannot be read. */
export function cronInWords(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false }) + ' (UTC)';
  } catch {
    return 'Not readable as cron yet: seconds minutes hours day-of-month month day-of-week [year].';
  }
}

export function triggerInWords(t: Trigger): string {
  switch (t.type) {
    case 'cron':
      return cronInWords(t.cron);
    case 'event':
      return `On push to the source (debounce ${t.debounceSeconds ?? 10} s)`;
    default:
      return 'Manual (run now or POST an execution)';
  }
}
