import type { OnDestroy } from "./types";

// What destroying a ChatMembership does to the live membership, and how that is explained.

/** Every onDestroy value, default first (validation messages list them). */
export const ON_DESTROY_VALUES: readonly OnDestroy[] = ["remove-if-created", "remove", "keep"];

export function isOnDestroy(v: unknown): v is OnDestroy {
  return typeof v === "string" && (ON_DESTROY_VALUES as readonly string[]).includes(v);
}

/** Whether destroy removes the membership. */
export function removesOnDestroy(onDestroy: OnDestroy, adopted: boolean): boolean {
  return onDestroy === "remove" || (onDestroy === "remove-if-created" && !adopted);
}

/** One sentence for the adoption warning: what destroy will do with the adopted member. */
export function adoptedDestroyNote(onDestroy: OnDestroy): string {
  return removesOnDestroy(onDestroy, true)
    ? 'destroy will remove it (onDestroy: "remove")'
    : `destroy will keep it (onDestroy: "${onDestroy}"; set onDestroy: "remove" to remove it on destroy)`;
}
