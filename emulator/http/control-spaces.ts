// The control API's space calls: what a person does to a space's settings in the Chat UI, out of
// band (no auth, no quota, no request log), and deleting a space as an admin would.
import { invalid, notFound } from "../errors";
import { PermissionSettingRec, SpaceRec } from "../model";
import { PATCHABLE_PERMISSIONS } from "../permissions";
import { CONTROL_VIEW, renderSpace } from "../render";
import { Store } from "../store";

type Body = Record<string, unknown>;
type Handler<D> = (deps: D, body: Body, query: URLSearchParams) => unknown;

/** The control calls here that change state. */
export const SPACE_MUTATING = ["updateSpace", "deleteSpace"];

function space(store: Store, s: unknown): SpaceRec {
  const id = String(s ?? "").replace(/^spaces\//, "");
  const sp = store.spaces.get(id);
  if (!sp) throw notFound(`control: unknown space "${String(s)}".`);
  return sp;
}

const WHO: Record<string, PermissionSettingRec> = {
  owners: { managersAllowed: true, assistantManagersAllowed: false, membersAllowed: false },
  managers: { managersAllowed: true, assistantManagersAllowed: true, membersAllowed: false },
  everyone: { managersAllowed: true, assistantManagersAllowed: true, membersAllowed: true },
};

/**
 * `updateSpace {space, displayName?, description?, guidelines?, historyOn?, audience? (null:
 * private), permissions?: {manageApps: owners|managers|everyone|{managersAllowed,…}}}`.
 */
function updateSpace(store: Store, b: Body): unknown {
  const sp = space(store, b.space);
  if (sp.spaceType !== "SPACE") throw invalid("control: only named spaces have settings.");
  if (b.displayName !== undefined) sp.displayName = String(b.displayName);
  if (b.description !== undefined || b.guidelines !== undefined) {
    const d = { ...(sp.spaceDetails ?? {}) };
    if (b.description !== undefined) d.description = String(b.description);
    if (b.guidelines !== undefined) d.guidelines = String(b.guidelines);
    sp.spaceDetails = d;
  }
  if (b.historyOn !== undefined) sp.historyState = b.historyOn ? "HISTORY_ON" : "HISTORY_OFF";
  if (b.audience !== undefined) {
    if (b.audience === null || b.audience === "") delete sp.audience;
    else sp.audience = String(b.audience);
  }
  if (b.permissions !== undefined) {
    const overrides = { ...(sp.permissionOverrides ?? {}) };
    for (const [k, v] of Object.entries(b.permissions as Body)) {
      if (!(PATCHABLE_PERMISSIONS as readonly string[]).includes(k) && k !== "postMessages")
        throw invalid(`control: "${k}" is not a permission setting.`);
      const rec = typeof v === "string" ? WHO[v] : (v as PermissionSettingRec);
      if (!rec) throw invalid(`control: permissions.${k} must be owners, managers or everyone.`);
      overrides[k] = {
        managersAllowed: rec.managersAllowed === true,
        assistantManagersAllowed: rec.assistantManagersAllowed === true,
        membersAllowed: rec.membersAllowed === true,
      };
    }
    sp.permissionOverrides = overrides;
  }
  return renderSpace(store, sp, CONTROL_VIEW);
}

export function spaceHandlers<D extends { store: Store }>(): Record<string, Handler<D>> {
  return {
    updateSpace: (d, b) => updateSpace(d.store, b),
    getSpace: (d, b, q) =>
      renderSpace(d.store, space(d.store, b.space ?? q.get("space")), CONTROL_VIEW),
    deleteSpace: (d, b) => {
      const sp = space(d.store, b.space);
      d.store.deleteSpace(sp.id);
      return {};
    },
  };
}
