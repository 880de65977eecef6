import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that prints nothing but keeps warnings and errors, so a scenario can prove it ran clean. */
export class CollectingLogger implements LoggerService {
  readonly problems: string[] = [];

  error(message: string) {
    this.problems.push(`error: ${message}`);
  }
  warn(message: string) {
    this.problems.push(`warn: ${message}`);
  }
  info() {}
  debug() {}
  child(): LoggerService {
    return this;
  }
}
