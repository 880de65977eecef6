/** Values as the two supported databases hand them back: PostgreSQL gives Dates, SQLite numbers or strings. */
export function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    // SQLite's CURRENT_TIMESTAMP has no zone and means UTC
    const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value;
    const date = new Date(/^\d+$/.test(iso) ? Number(iso) : iso);
    return isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

export function toIso(value: unknown): string | undefined {
  return toDate(value)?.toISOString();
}

export function parseJson<T>(value: unknown): T | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return JSON.parse(String(value)) as T;
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
