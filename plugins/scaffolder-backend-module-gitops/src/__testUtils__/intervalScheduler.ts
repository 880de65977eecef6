import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';

type Duration = {
  milliseconds?: number;
  seconds?: number;
  minutes?: number;
  hours?: number;
};

function toMs(value: unknown): number | undefined {
  if (
    !value ||
    typeof value !== 'object' ||
    'cron' in value ||
    'trigger' in value
  )
    return undefined;
  const d = value as Duration;
  return (
    (d.milliseconds ?? 0) +
    (d.seconds ?? 0) * 1000 +
    (d.minutes ?? 0) * 60_000 +
    (d.hours ?? 0) * 3_600_000
  );
}

/**
 * A scheduler that runs every task on its own frequency in this process, one run at a time per
 * task. The test kit's mock scheduler only runs tasks on demand; backends under test here need
 * periodic work (catalog onboarding) to happen by itself, as in a portal.
 */
export function intervalSchedulerFactory() {
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: { lifecycle: coreServices.lifecycle },
    factory({ lifecycle }): SchedulerService {
      const tasks = new Map<
        string,
        {
          fn: () => Promise<void>;
          timer?: NodeJS.Timeout;
          running?: Promise<void>;
          abort: AbortController;
        }
      >();
      lifecycle.addShutdownHook(async () => {
        for (const task of tasks.values()) {
          clearTimeout(task.timer);
          task.abort.abort();
        }
        await Promise.all([...tasks.values()].map(t => t.running));
      });
      const service: SchedulerService = {
        async scheduleTask(task) {
          const abort = new AbortController();
          const entry = { abort, fn: async () => task.fn(abort.signal) } as {
            fn: () => Promise<void>;
            timer?: NodeJS.Timeout;
            running?: Promise<void>;
            abort: AbortController;
          };
          tasks.set(task.id, entry);
          const every = toMs(task.frequency);
          if (every === undefined) return;
          const loop = (delay: number) => {
            entry.timer = setTimeout(async () => {
              if (abort.signal.aborted) return;
              entry.running = entry.fn().catch(() => undefined);
              await entry.running;
              entry.running = undefined;
              if (!abort.signal.aborted) loop(every);
            }, delay);
          };
          loop(toMs(task.initialDelay) ?? 0);
        },
        async triggerTask(id) {
          const task = tasks.get(id);
          if (!task) throw new NotFoundError(`Task ${id} not found`);
          await task.fn();
        },
        async cancelTask() {},
        createScheduledTaskRunner(schedule) {
          return {
            run: async (task: SchedulerServiceTaskInvocationDefinition) =>
              service.scheduleTask({ ...task, ...schedule }),
          };
        },
        async getScheduledTasks() {
          return [...tasks.keys()].map(id => ({
            id,
            scope: 'global' as const,
            settings: { version: 1 },
          }));
        },
      };
      return service;
    },
  });
}
