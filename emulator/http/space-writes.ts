// spaces.create, spaces.patch, spaces.delete — POST /v1/spaces, PATCH and DELETE /v1/{name=spaces/*}
// — with the rules of revision 20261107's discovery document (update masks and which go alone,
// who may change what, immutable fields). Where Google's behaviour is not documented the choice
// is marked UNCONFIRMED.
import { loadSpace, requireSpaceAccess } from "../access";
import { requireScopes } from "../auth";
import { alreadyExists, denied, fieldError, unimplemented } from "../errors";
import { PermissionSettingRec, SpaceRec } from "../model";
import { PATCHABLE_PERMISSIONS, roleMay } from "../permissions";
import { renderSpace } from "../render";
import { ApiCtx, boolParam, Reply, spaceView } from "./context";
import { newSpaceId, readSpaceInput } from "./spaces";

/** Every space the organisation has with this display name, but `except`. */
function nameTaken(ctx: ApiCtx, displayName: string, except?: string): boolean {
  for (const s of ctx.store.spaces.values())
    if (s.id !== except && s.spaceType === "SPACE" && s.displayName === displayName) return true;
  return false;
}

export function createSpace(ctx: ApiCtx): Reply {
  const { store, principal } = ctx;
  const mode = requireScopes(principal, "spaces.create", false);
  const body = ctx.body;
  const requestId = ctx.query.get("requestId") || undefined;
  const creator: NonNullable<SpaceRec["createdBy"]> =
    principal.kind === "user"
      ? { kind: "user", id: principal.user.id }
      : { kind: "app", project: principal.project.id };
  if (requestId) {
    const prior = [...store.spaces.values()].find((s) => s.requestId === requestId);
    const same =
      prior?.createdBy?.kind === creator.kind &&
      (creator.kind === "user"
        ? prior.createdBy.kind === "user" && prior.createdBy.id === creator.id
        : prior.createdBy.kind === "app" && prior.createdBy.project === creator.project);
    // Documented: the same requestId returns the space it created, unchanged.
    if (prior && same) return { body: renderSpace(store, prior, spaceView(ctx)) };
    // Documented as "an error" for another caller; UNCONFIRMED which: ALREADY_EXISTS.
    if (prior) throw alreadyExists(`requestId ${requestId} was already used by another caller.`);
  }
  const { customer, ...spaceIn } = body;
  if (mode === "app") {
    // Documented: required with app authentication for a named space.
    const ok = customer === "customers/my_customer" || customer === `customers/${store.customerId}`;
    if (!ok) {
      throw fieldError(
        "space.customer",
        `Required with app authentication: customers/my_customer or customers/${store.customerId}.`,
      );
    }
  } else if (customer !== undefined) {
    throw fieldError("space.customer", "Set only when creating a space with app authentication.");
  }
  if (spaceIn.spaceType !== "SPACE") {
    // Documented: create makes named spaces; group chats only in import mode (not emulated).
    throw fieldError(
      "space.space_type",
      `spaces.create makes named spaces: set space_type SPACE (got ${JSON.stringify(spaceIn.spaceType ?? null)}).`,
    );
  }
  const input = readSpaceInput(ctx, spaceIn);
  // Documented: setting the target audience requires user authentication.
  if (input.audience && mode === "app") {
    throw fieldError("space.access_settings.audience", "Needs user authentication.");
  }
  const createTime = ctx.now.toISOString();
  const space: SpaceRec = {
    id: newSpaceId(),
    ...input,
    createTime,
    createdBy: creator,
    ...(requestId ? { requestId } : {}),
  };
  store.spaces.set(space.id, space);
  // The caller joins: a user as owner; an app as a plain member (documented).
  const key = principal.kind === "user" ? principal.user.id : principal.project.app.id;
  store.spaceMembers(space.id).set(key, {
    space: space.id,
    key,
    ref:
      principal.kind === "user"
        ? { kind: "user", id: principal.user.id }
        : { kind: "app", project: principal.project.id },
    role: principal.kind === "user" ? "ROLE_MANAGER" : "ROLE_MEMBER",
    state: "JOINED",
    createTime,
  });
  return { body: renderSpace(store, space, spaceView(ctx)), mutated: true };
}

/** Mask paths as Google accepts them: snake_case or camelCase segments. */
function snake(path: string): string {
  return path
    .split(".")
    .map((seg, i, all) =>
      // Permission names stay as the document writes them (`permission_settings.manageApps`).
      i > 0 && all[0] === "permission_settings"
        ? seg
        : seg.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()),
    )
    .join(".");
}

const permissionOf = (path: string): string | undefined => {
  if (!path.startsWith("permission_settings.")) return undefined;
  const raw = path.slice("permission_settings.".length);
  return raw.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
};

/** The masks that must be the only ones in their request (documented per field). */
const ALONE = ["space_history_state", "access_settings.audience"];

function readMask(ctx: ApiCtx): string[] {
  const raw = (ctx.query.get("updateMask") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (raw.length === 0) throw fieldError("update_mask", "Required: the fields to update.");
  const paths = [...new Set(raw.map(snake))];
  for (const p of paths) {
    if (p === "*") {
      // UNCONFIRMED: the document lists no wildcard for spaces.patch.
      throw fieldError("update_mask", 'Wildcard "*" is not supported: list the fields to update.');
    }
    if (p === "external_user_allowed") {
      throw fieldError("update_mask", "external_user_allowed is immutable after creation.");
    }
    if (p === "predefined_permission_settings") {
      throw fieldError(
        "update_mask",
        "predefined_permission_settings is input only when creating a space; update permission_settings instead.",
      );
    }
    if (p.startsWith("access_settings.access_permission_settings")) {
      throw unimplemented("access_settings.access_permission_settings is not emulated.");
    }
    if (p === "permission_settings") {
      // UNCONFIRMED: the document lists only the sub-paths.
      throw fieldError(
        "update_mask",
        "Name the permission settings: permission_settings.manageApps, …",
      );
    }
    const perm = permissionOf(p);
    if (perm !== undefined && !(PATCHABLE_PERMISSIONS as readonly string[]).includes(perm)) {
      throw fieldError(
        "update_mask",
        `${p} is not a permission setting that can be updated (${PATCHABLE_PERMISSIONS.join(", ")}).`,
      );
    }
    const known = ["display_name", "space_type", "space_details", ...ALONE];
    if (perm === undefined && !known.includes(p)) {
      throw fieldError("update_mask", `Field "${p}" cannot be updated.`);
    }
  }
  const alone = paths.find((p) => ALONE.includes(p));
  if (alone && paths.length > 1) {
    throw fieldError("update_mask", `${alone} must be updated alone: omit all other field masks.`);
  }
  const perms = paths.filter((p) => p.startsWith("permission_settings."));
  if (perms.length && perms.length !== paths.length) {
    throw fieldError(
      "update_mask",
      "Permission settings must be updated alone: only permission_settings field masks in one request.",
    );
  }
  return paths;
}

function readPermission(v: unknown, path: string): PermissionSettingRec {
  if (!v || typeof v !== "object") {
    throw fieldError(`space.${path}`, "Required under its update mask: a PermissionSetting.");
  }
  const p = v as Partial<PermissionSettingRec>;
  const out = {
    managersAllowed: p.managersAllowed === true,
    assistantManagersAllowed: p.assistantManagersAllowed === true,
    membersAllowed: p.membersAllowed === true,
  };
  // UNCONFIRMED: owners always keep a permission (the UI offers no setting without them).
  if (!out.managersAllowed) {
    throw fieldError(
      `space.${path}.managers_allowed`,
      "Space owners (managers_allowed) must keep every permission.",
    );
  }
  return out;
}

export function patchSpace(ctx: ApiCtx, spaceId: string): Reply {
  const { store, principal } = ctx;
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(principal, "spaces.patch", admin);
  const paths = readMask(ctx);
  const space = loadSpace(store, spaceId);
  const own = requireSpaceAccess(store, principal, mode, space);
  const body = ctx.body;
  for (const p of paths) {
    const adminRefused = ["space_type", "space_history_state", "access_settings.audience"];
    if (admin && adminRefused.includes(p))
      throw fieldError("update_mask", `${p} is not supported with useAdminAccess.`);
  }
  if (mode === "app") {
    const c = space.createdBy;
    const creator = c?.kind === "app" && c.project === principal.project.id;
    if (paths.some((p) => p.startsWith("permission_settings.")) && !creator) {
      throw denied(
        "App authentication can update permission settings only in spaces the app created.",
      );
    }
    if (paths.includes("access_settings.audience")) {
      throw fieldError(
        "update_mask",
        "access_settings.audience cannot be updated with app authentication.",
      );
    }
  }
  // Who may change what, from the space's own permission settings (user auth, not admin).
  const role = mode === "user" ? own?.role : undefined;
  const need = (permission: string, what: string) => {
    if (mode !== "user") return;
    if (!roleMay(space, permission, role)) throw denied(`Your role in this space cannot ${what}.`);
  };
  const next: SpaceRec = { ...space };
  if (paths.includes("space_type")) {
    if (
      body.spaceType !== "SPACE" ||
      space.spaceType !== "GROUP_CHAT" ||
      !paths.includes("display_name")
    ) {
      throw fieldError(
        "space.space_type",
        "Only a GROUP_CHAT can become a SPACE, with display_name in the same update mask.",
      );
    }
    next.spaceType = "SPACE";
  }
  if (paths.includes("display_name")) {
    // A field the space type cannot have is a bad request whoever asks.
    if (next.spaceType !== "SPACE")
      throw fieldError("space.display_name", "Only named spaces (SPACE) have a display name.");
    need("modifySpaceDetails", "change the space's name");
    const name = body.displayName;
    if (typeof name !== "string" || !name.trim())
      throw fieldError("space.display_name", "Must not be empty.");
    if ([...name].length > 128)
      throw fieldError("space.display_name", "Supports up to 128 characters.");
    if (nameTaken(ctx, name, space.id))
      throw alreadyExists(`A space named "${name}" already exists.`);
    next.displayName = name;
  }
  if (paths.includes("space_details")) {
    need("modifySpaceDetails", "change the space's description and guidelines");
    if (space.spaceType === "DIRECT_MESSAGE")
      throw fieldError("space.space_details", "Must be empty for a DIRECT_MESSAGE.");
    // Documented: both fields are replaced; a missing one is cleared.
    const d = (body.spaceDetails ?? {}) as { description?: string; guidelines?: string };
    if ([...(d.description ?? "")].length > 4096)
      throw fieldError("space.space_details.description", "Supports up to 4,096 characters.");
    if ([...(d.guidelines ?? "")].length > 5000)
      throw fieldError("space.space_details.guidelines", "Supports up to 5,000 characters.");
    const details = {
      ...(d.description ? { description: d.description } : {}),
      ...(d.guidelines ? { guidelines: d.guidelines } : {}),
    };
    if (Object.keys(details).length) next.spaceDetails = details;
    else delete next.spaceDetails;
  }
  if (paths.includes("space_history_state")) {
    need("toggleHistory", "turn history on or off");
    const h = body.spaceHistoryState;
    if (h !== "HISTORY_ON" && h !== "HISTORY_OFF") {
      throw fieldError(
        "space.space_history_state",
        `Must be HISTORY_ON or HISTORY_OFF, got ${JSON.stringify(h ?? null)}.`,
      );
    }
    next.historyState = h;
  }
  if (paths.includes("access_settings.audience")) {
    // Documented: "the authenticating user must be a space manager" (ROLE_MANAGER, the UI's owner).
    if (mode === "user" && role !== "ROLE_MANAGER")
      throw denied("Only space owners can change who can discover the space.");
    if (space.spaceType !== "SPACE")
      throw fieldError(
        "space.access_settings.audience",
        "Only named spaces (SPACE) can be discoverable.",
      );
    const a = (body.accessSettings as { audience?: string } | undefined)?.audience;
    if (a === undefined || a === "") delete next.audience;
    else if (!/^audiences\/[^/]+$/.test(a)) {
      throw fieldError(
        "space.access_settings.audience",
        `Must look like audiences/{audience}, got "${a}".`,
      );
    } else next.audience = a;
  }
  const perms = paths.map(permissionOf).filter((p): p is string => p !== undefined);
  if (perms.length) {
    // UNCONFIRMED: only owners change permission settings (as in the Chat UI).
    if (mode === "user" && role !== "ROLE_MANAGER")
      throw denied("Only space owners can change permission settings.");
    if (space.spaceType !== "SPACE")
      throw fieldError(
        "space.permission_settings",
        "Only named spaces (SPACE) have permission settings.",
      );
    const given = (body.permissionSettings ?? {}) as Record<string, unknown>;
    const overrides = { ...(space.permissionOverrides ?? {}) };
    for (const p of perms) overrides[p] = readPermission(given[p], `permission_settings.${p}`);
    next.permissionOverrides = overrides;
  }
  const changed = JSON.stringify(next) !== JSON.stringify(space);
  store.spaces.set(space.id, next);
  return { body: renderSpace(store, next, spaceView(ctx)), mutated: changed };
}

export function deleteSpace(ctx: ApiCtx, spaceId: string): Reply {
  const { store, principal } = ctx;
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(principal, "spaces.delete", admin);
  const space = loadSpace(store, spaceId);
  const own = requireSpaceAccess(store, principal, mode, space);
  if (mode === "app") {
    const c = space.createdBy;
    if (!(c?.kind === "app" && c.project === principal.project.id)) {
      throw denied("App authentication can delete only spaces the app created.");
    }
  }
  // UNCONFIRMED: only owners (ROLE_MANAGER) delete a space, as in the Chat UI.
  if (mode === "user" && own?.role !== "ROLE_MANAGER")
    throw denied("Only space owners can delete the space.");
  // Documented: a cascading delete — memberships and messages go with the space.
  store.deleteSpace(space.id);
  return { body: {}, mutated: true };
}
