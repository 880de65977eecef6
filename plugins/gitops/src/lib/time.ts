const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `2 min ago`, `in 30 s`, `3 d ago`; `now` is injectable so the wording is testable. */
export function formatRelative(
  iso: string | undefined,
  now: number = Date.now(),
): string {
  if (!iso) {
    return '—';
  }
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return '—';
  }
  const delta = time - now;
  const abs = Math.abs(delta);
  if (abs < 5 * SECOND) {
    return 'just now';
  }
  const amount = formatAmount(abs);
  return delta < 0 ? `${amount} ago` : `in ${amount}`;
}

function formatAmount(ms: number): string {
  if (ms < MINUTE) {
    return `${Math.round(ms / SECOND)} s`;
  }
  if (ms < HOUR) {
    return `${Math.round(ms / MINUTE)} min`;
  }
  if (ms < DAY) {
    return `${Math.round(ms / HOUR)} h`;
  }
  return `${Math.round(ms / DAY)} d`;
}

/** `850 ms`, `12.3 s`, `4 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms < 0 || Number.isNaN(ms)) {
    return '—';
  }
  if (ms < SECOND) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < MINUTE) {
    return `${(ms / SECOND).toFixed(1)} s`;
  }
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    const seconds = Math.round((ms % MINUTE) / SECOND);
    return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  }
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.round((ms % HOUR) / MINUTE);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** Duration between two ISO times, undefined while the second one is missing. */
export function durationBetween(
  start: string,
  end?: string,
): number | undefined {
  if (!end) {
    return undefined;
  }
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Full local time, used as the tooltip of a relative time. */
export function formatAbsolute(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}
