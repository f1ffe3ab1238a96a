// Time as a dependency, so retry and pacing logic run under fake clocks in unit tests.

export interface Clock {
  /** Milliseconds, monotonic enough for windows of seconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
