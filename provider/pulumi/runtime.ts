// The module the serialized providers `require` by package name in the dynamic-provider
// plugin. It is loaded once per plugin process and keeps the configured session.
import * as membershipMethods from "./membership";
import * as spaceMembersMethods from "./space-members";
import * as spaceMethods from "./chat-space";

import { exitWhenOrphaned } from "./orphan-guard";

import { configure, type ConfigSource } from "./session";

export { configure };

// Loaded once per plugin process: from now on it exits when the engine goes away.
exitWhenOrphaned();

export const membership = {
  check: membershipMethods.check,
  diff: membershipMethods.diff,
  create: membershipMethods.create,
  read: membershipMethods.read,
  update: membershipMethods.update,
  delete: membershipMethods.remove,
};

export const spaceMembers = {
  check: spaceMembersMethods.check,
  diff: spaceMembersMethods.diff,
  create: spaceMembersMethods.create,
  read: spaceMembersMethods.read,
  update: spaceMembersMethods.update,
  delete: spaceMembersMethods.remove,
};

export const space = {
  check: spaceMethods.check,
  diff: spaceMethods.diff,
  create: spaceMethods.create,
  read: spaceMethods.read,
  update: spaceMethods.update,
  delete: spaceMethods.remove,
};

/**
 * What the serialized provider's one function calls (providers.ts): the plugin calls `configure`
 * on the provider object it deserialized before any other method. The kind's methods are put on
 * that object first, so they are there even when configuring fails (the calls then report it).
 */
export function attach(
  provider: object,
  kind: "membership" | "spaceMembers" | "space",
  req: ConfigSource,
): void {
  Object.assign(
    provider,
    kind === "membership" ? membership : kind === "space" ? space : spaceMembers,
  );
  return configure(req);
}
