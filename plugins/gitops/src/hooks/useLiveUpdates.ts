import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { GITOPS_SIGNAL_CHANNEL } from '@backstage-gitops/plugin-gitops-common';
import type {
  AppSyncStatus,
  HealthStatus,
} from '@backstage-gitops/plugin-gitops-common';

/** Message published by the backend on `GITOPS_SIGNAL_CHANNEL` when an application changes. */
export interface GitOpsStatusSignal {
  applicationId: string;
  entityRef?: string;
  syncStatus?: AppSyncStatus;
  health?: HealthStatus;
}

/** Interval of the fallback when the portal has no signals support. */
export const POLL_INTERVAL_MS = 10_000;

/**
 * Calls `onUpdate` when the backend signals a change that `matches`, or every 10 s when the
 * signals API is not installed. Both callbacks may change on every render.
 */
export function useLiveUpdates(options: {
  matches: (signal: GitOpsStatusSignal) => boolean;
  /** Receives the signal, or nothing when called by the polling fallback. */
  onUpdate: (signal?: GitOpsStatusSignal) => void;
  enabled?: boolean;
}): void {
  const signalApi = useApiHolder().get(signalApiRef);
  const latest = useRef(options);
  latest.current = options;
  const enabled = options.enabled ?? true;

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    if (!signalApi) {
      const timer = setInterval(
        () => latest.current.onUpdate(),
        POLL_INTERVAL_MS,
      );
      return () => clearInterval(timer);
    }
    const subscription = signalApi.subscribe(GITOPS_SIGNAL_CHANNEL, message => {
      const signal = message as unknown as GitOpsStatusSignal;
      if (signal && latest.current.matches(signal)) {
        latest.current.onUpdate(signal);
      }
    });
    return () => subscription.unsubscribe();
  }, [signalApi, enabled]);
}
