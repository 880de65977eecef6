/**
 * - `down`: every connection (open or new) is reset; clients get a network
 *   error at once. The port stays bound, so `none` restores service instantly.
 * - `slow`: every request is answered after `delayMs`.
 * - `error500`: every request gets 500.
 * - `rejectAuth`: every request gets 401 with a Basic challenge.
 * Only HTTP is affected; the server's repository helpers keep working.
 */
export type FaultMode = 'down' | 'slow' | 'error500' | 'rejectAuth' | 'none';

export interface FaultOptions {
  /** Delay added to every response in `slow` mode (default 500 ms). */
  delayMs?: number;
}

export interface FaultControl {
  set(mode: FaultMode, opts?: FaultOptions): void;
}

const DEFAULT_DELAY_MS = 500;
const MODES: readonly FaultMode[] = [
  'down',
  'slow',
  'error500',
  'rejectAuth',
  'none',
];

/**
 * The fault the server currently simulates. Switching to `down` also runs
 * `onDown` so that connections already open are cut, not only new ones.
 */
export class FaultState implements FaultControl {
  mode: FaultMode = 'none';
  delayMs = DEFAULT_DELAY_MS;

  constructor(private readonly onDown: () => void) {}

  set(mode: FaultMode, opts: FaultOptions = {}): void {
    if (!MODES.includes(mode))
      throw new Error(`Unknown fault mode: ${String(mode)}`);
    this.mode = mode;
    this.delayMs = opts.delayMs ?? DEFAULT_DELAY_MS;
    if (mode === 'down') this.onDown();
  }
}
