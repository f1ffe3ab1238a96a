// Every default of the reconcile layer, written once.

import { SHARED_LIST_MS } from "../api/defaults";

/** Writes one apply keeps in flight; the adapter's pacer, not this, enforces the quota. */
export const WRITE_CONCURRENCY = 10;

/** Lookups (members.get by email) in flight while resolving a space. */
export const READ_CONCURRENCY = 10;

/** Progress lines for phases of at least this many writes, about every tenth of the phase. */
export const PROGRESS_MIN_OPS = 20;

/** How many progress lines such a phase prints at most (one about every tenth). */
export const PROGRESS_LINES = 10;

/** A partial-failure message lists at most this many operations per kind. */
export const MAX_LISTED_OPS = 20;

/**
 * A space listed by this provider process (a refresh, a first create's preview) serves the plan
 * that follows in the same process for this long, unless something was written in between; a
 * list is never reused across processes.
 */
export const RECENT_VIEW_MS = SHARED_LIST_MS;
