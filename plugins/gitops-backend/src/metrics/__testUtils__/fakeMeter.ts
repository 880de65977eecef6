import {
  Meter,
  ObservableCallback,
  ObservableResult,
} from '@opentelemetry/api';

/**
 * A meter that keeps every measurement; observable instruments are read by `collect`. It stands in
 * for an SDK MeterProvider, which the plugin does not depend on (the portal brings its own).
 */
export function fakeMeter() {
  const measurements: Array<{
    name: string;
    value: number;
    attributes?: Record<string, unknown>;
  }> = [];
  const callbacks = new Map<string, ObservableCallback[]>();
  const instrument = (name: string) => ({
    record: (value: number, attributes?: Record<string, unknown>) =>
      void measurements.push({ name, value, attributes }),
    add: (value: number, attributes?: Record<string, unknown>) =>
      void measurements.push({ name, value, attributes }),
  });
  const observable = (name: string) => ({
    addCallback: (cb: ObservableCallback) =>
      void callbacks.set(name, [...(callbacks.get(name) ?? []), cb]),
    removeCallback: () => undefined,
  });
  const meter = {
    createHistogram: instrument,
    createCounter: instrument,
    createUpDownCounter: instrument,
    createGauge: instrument,
    createObservableGauge: observable,
    createObservableCounter: observable,
    createObservableUpDownCounter: observable,
    addBatchObservableCallback: () => undefined,
    removeBatchObservableCallback: () => undefined,
  } as unknown as Meter;
  async function collect(name: string) {
    const observed: Array<{
      value: number;
      attributes?: Record<string, unknown>;
    }> = [];
    const result: ObservableResult = {
      observe: (value, attributes) => void observed.push({ value, attributes }),
    };
    for (const cb of callbacks.get(name) ?? []) await cb(result);
    return observed;
  }
  return {
    meter,
    measurements,
    collect,
    named: (name: string) => measurements.filter(m => m.name === name),
  };
}
