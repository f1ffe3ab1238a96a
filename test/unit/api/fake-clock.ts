// A virtual clock: sleep() parks until the test advances time past its deadline.
import type { Clock } from "../../../provider/api/clock";

export class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), resolve });
    });
  }

  /** Lets pending promise callbacks run (several microtask turns). */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }

  /** Runs until no timer is pending, jumping time to each deadline in order. */
  async runAll(maxSteps = 100_000): Promise<void> {
    await this.settle();
    for (let step = 0; step < maxSteps && this.timers.length > 0; step++) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
      await this.settle();
    }
    if (this.timers.length > 0) throw new Error("fake clock: too many steps");
  }
}
