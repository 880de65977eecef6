import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { SignalApi } from '@backstage/plugin-signals-react';
import { GITOPS_SIGNAL_CHANNEL } from '@backstage-gitops/plugin-gitops-common';
import { POLL_INTERVAL_MS, useLiveUpdates } from './useLiveUpdates';

function fakeSignals() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage as any);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const publish = (channel: string, message: object) =>
    listeners.get(channel)?.forEach(listener => listener(message));
  return {
    api,
    publish,
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
}

describe('useLiveUpdates', () => {
  afterEach(() => jest.useRealTimers());

  it('refetches on a signal for a shown application only', () => {
    const signals = fakeSignals();
    const onUpdate = jest.fn();
    const { unmount } = renderHook(
      () =>
        useLiveUpdates({
          matches: s => s.applicationId === 'shop#prod',
          onUpdate,
        }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[[signalApiRef, signals.api]]}>
            {children}
          </TestApiProvider>
        ),
      },
    );
    act(() =>
      signals.publish(GITOPS_SIGNAL_CHANNEL, {
        applicationId: 'other#prod',
        syncStatus: 'Synced',
      }),
    );
    expect(onUpdate).not.toHaveBeenCalled();
    act(() =>
      signals.publish(GITOPS_SIGNAL_CHANNEL, {
        applicationId: 'shop#prod',
        syncStatus: 'OutOfSync',
      }),
    );
    expect(onUpdate).toHaveBeenCalledTimes(1);
    act(() =>
      signals.publish('some-other-channel', { applicationId: 'shop#prod' }),
    );
    expect(onUpdate).toHaveBeenCalledTimes(1);

    unmount();
    expect(signals.count(GITOPS_SIGNAL_CHANNEL)).toBe(0);
  });

  it('polls every 10 s when the signals API is absent, and stops on unmount', () => {
    jest.useFakeTimers();
    const onUpdate = jest.fn();
    const { unmount } = renderHook(
      () => useLiveUpdates({ matches: () => true, onUpdate }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS - 1));
    expect(onUpdate).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(onUpdate).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 2));
    expect(onUpdate).toHaveBeenCalledTimes(3);
    unmount();
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 5));
    expect(onUpdate).toHaveBeenCalledTimes(3);
  });

  it('does nothing while disabled', () => {
    jest.useFakeTimers();
    const onUpdate = jest.fn();
    renderHook(
      () => useLiveUpdates({ matches: () => true, onUpdate, enabled: false }),
      {
        wrapper: ({ children }) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 3));
    expect(onUpdate).not.toHaveBeenCalled();
  });
});
