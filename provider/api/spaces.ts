// The space calls a ChatSpace makes (spaces.create / patch / delete), each described by its RPC,
// scopes and quota (60 space writes per minute per project); the transport does the rest.

import type { chat_v1 } from "@googleapis/chat";
import type { ApiSpace, SpacePatch } from "../core/space-settings";
import { spaceName, toSpaceInfo, type SpaceInfo } from "./mapping";
import type { QuotaKey } from "./pacer";
import type { CallOptions, Transport } from "./types";

const SPACE_WRITE: QuotaKey = { kind: "spaceWrites" };
const admin = (opts?: CallOptions) => (opts?.useAdminAccess ? { useAdminAccess: true } : {});

export interface SpaceWrites {
  /**
   * spaces.create. `requestId` makes a retry after a lost answer return the space the first
   * attempt made instead of a second one (documented: the same ID returns the same space).
   */
  createSpace(body: ApiSpace, requestId: string): Promise<SpaceInfo>;
  /** spaces.patch with the patch's exact update mask. */
  patchSpace(space: string, patch: SpacePatch, opts?: CallOptions): Promise<SpaceInfo>;
  /** spaces.delete: the space, its members and its history, for everyone. */
  deleteSpace(space: string, opts?: CallOptions): Promise<void>;
}

export function spaceWrites(t: Transport): SpaceWrites {
  return {
    async createSpace(body, requestId) {
      const res = await t.call(
        {
          rpc: "spaces.create",
          op: "createSpace",
          target: body.displayName ?? "(new space)",
          quota: [SPACE_WRITE],
        },
        (chat, auth, o) =>
          chat.spaces.create({ auth, requestId, requestBody: body as chat_v1.Schema$Space }, o),
      );
      return toSpaceInfo(res.data);
    },
    async patchSpace(space, patch, opts) {
      const name = spaceName(space, "spaces.patch");
      const res = await t.call(
        {
          rpc: "spaces.patch",
          op: "patchSpace",
          target: `${name} ${patch.updateMask}`,
          quota: [SPACE_WRITE],
          ...opts,
        },
        (chat, auth, o) =>
          chat.spaces.patch(
            {
              name,
              auth,
              updateMask: patch.updateMask,
              requestBody: patch.body as chat_v1.Schema$Space,
              ...admin(opts),
            },
            o,
          ),
      );
      return toSpaceInfo(res.data);
    },
    async deleteSpace(space, opts) {
      const name = spaceName(space, "spaces.delete");
      await t.call(
        { rpc: "spaces.delete", op: "deleteSpace", target: name, quota: [SPACE_WRITE], ...opts },
        (chat, auth, o) => chat.spaces.delete({ name, auth, ...admin(opts) }, o),
      );
    },
  };
}
