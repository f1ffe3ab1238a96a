import type { SpaceView } from "../core/view";
import { RECENT_VIEW_MS } from "./defaults";

// The last list of each space in this provider process, so an `up --refresh` (refresh, then
// update) or a first create (its check, then its create) lists the space once. Only ever within
// one process, for a short while, and dropped as soon as anything is written to the space.

const recent = new Map<string, { readonly view: SpaceView; readonly at: number }>();

export function remember(key: string, view: SpaceView, now = Date.now()): void {
  recent.set(key, { view, at: now });
}

/** The view listed less than RECENT_VIEW_MS ago, if nothing was written since. */
export function recall(key: string, now = Date.now()): SpaceView | undefined {
  const r = recent.get(key);
  if (r && now - r.at < RECENT_VIEW_MS) return r.view;
  recent.delete(key);
  return undefined;
}

/** Before any write to the space: the remembered view is no longer the space. */
export function forget(key: string): void {
  recent.delete(key);
}

/** A write to the space by another resource (a ChatMembership): every view of it is stale. */
export function forgetSpace(space: string): void {
  for (const key of recent.keys())
    if ((JSON.parse(key) as unknown[])[0] === space) recent.delete(key);
}

/** Forget every space (tests that reseed the emulator between cases). */
export function forgetAll(): void {
  recent.clear();
}
