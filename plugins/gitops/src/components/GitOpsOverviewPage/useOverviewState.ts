import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  OverviewState,
  parseOverviewParams,
  toSearchParams,
} from '../../lib/overviewQuery';

/** The overview's filters, sort and page, read from and written to the URL query. */
export function useOverviewState(): [
  OverviewState,
  (next: OverviewState) => void,
] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseOverviewParams(params), [params]);
  const setState = useCallback(
    (next: OverviewState) => {
      // replace: typing in a filter must not leave one history entry per keystroke.
      setParams(toSearchParams(next), { replace: true });
    },
    [setParams],
  );
  return [state, setState];
}
