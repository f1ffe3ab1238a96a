// The module the serialized providers `require` by package name in the dynamic-provider
// plugin. It is loaded once per plugin process and keeps the configured session.
import * as membershipMethods from "./membership";
import * as spaceMembersMethods from "./space-members";

import { exitWhenOrphaned } from "./orphan-guard";

export { configure } from "./session";

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
