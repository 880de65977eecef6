import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/** One log line as a backend would write it: level, message and the merged metadata. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: JsonObject;
  error?: string;
}

/**
 * A logger that keeps every line, children included, so a test can both read what the engine said
 * and scan all of it for Secret values afterwards.
 */
export class RecordingLogger implements LoggerService {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly meta: JsonObject = {},
  ) {}

  private write(
    level: LogLine['level'],
    message: string,
    meta?: Error | JsonObject,
  ) {
    if (meta instanceof Error) {
      this.lines.push({
        level,
        message,
        meta: this.meta,
        error: `${meta.name}: ${meta.message}\n${meta.stack ?? ''}`,
      });
    } else {
      this.lines.push({ level, message, meta: { ...this.meta, ...meta } });
    }
  }

  error(message: string, meta?: Error | JsonObject) {
    this.write('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.write('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.write('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.write('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new RecordingLogger(this.lines, { ...this.meta, ...meta });
  }

  /** Ids of every sync the engine announced as started ("Sync <id> of <sha> started …"). */
  startedSyncIds(): string[] {
    return this.lines.flatMap(
      l => /^Sync ([0-9a-f-]{36}) of \w+ started/.exec(l.message)?.[1] ?? [],
    );
  }
}
