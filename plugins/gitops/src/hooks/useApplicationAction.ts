import { useCallback, useState } from 'react';
import { describeError } from '../lib/errors';

/** Result of the last action, shown inline next to the buttons. */
export interface ActionOutcome {
  severity: 'success' | 'error';
  message: string;
}

/**
 * Runs one cluster-changing action at a time and remembers its outcome.
 * `running` names the action in flight so only its button shows progress.
 */
export function useApplicationAction(onDone?: () => void) {
  const [running, setRunning] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();

  const run = useCallback(
    async (name: string, action: () => Promise<string>) => {
      setRunning(name);
      setOutcome(undefined);
      try {
        const message = await action();
        setOutcome({ severity: 'success', message });
        onDone?.();
      } catch (error) {
        setOutcome({
          severity: 'error',
          message: `${name} failed: ${describeError(error)}`,
        });
      } finally {
        setRunning(undefined);
      }
    },
    [onDone],
  );

  return { run, running, outcome, clearOutcome: () => setOutcome(undefined) };
}
