// Maps a request path to the API method it is, exactly as chat.googleapis.com lays them out.
import { Rpc } from "../scopes";

export interface Route {
  rpc: Rpc;
  space?: string;
  member?: string;
}

/** Path segments arrive raw (`{+name}` expansion keeps slashes); `@` may come as %40. */
export function route(method: string, path: string): Route | undefined {
  const segs = path.split("/").slice(1);
  if (segs[0] !== "v1") return undefined;
  let parts: string[];
  try {
    parts = segs.slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [a, space, b, member, ...rest] = parts;
  if (rest.length) return undefined;
  if (a === "spaces:setup" && space === undefined)
    return method === "POST" ? { rpc: "spaces.setup" } : undefined;
  if (a === "spaces:search" && space === undefined)
    return method === "GET" ? { rpc: "spaces.search" } : undefined;
  if (a !== "spaces") return undefined;
  if (space === undefined) {
    if (method === "GET") return { rpc: "spaces.list" };
    return method === "POST" ? { rpc: "spaces.create" } : undefined;
  }
  if (!space) return undefined;
  if (b === undefined) {
    if (method === "GET") return { rpc: "spaces.get", space };
    if (method === "PATCH") return { rpc: "spaces.patch", space };
    return method === "DELETE" ? { rpc: "spaces.delete", space } : undefined;
  }
  if (b === "spaceEvents") {
    if (method !== "GET") return undefined;
    if (member === undefined) return { rpc: "spaces.spaceEvents.list", space };
    return member ? { rpc: "spaces.spaceEvents.get", space, member } : undefined;
  }
  if (b !== "members") return undefined;
  if (member === undefined) {
    if (method === "GET") return { rpc: "spaces.members.list", space };
    if (method === "POST") return { rpc: "spaces.members.create", space };
    return undefined;
  }
  if (!member) return undefined;
  if (method === "GET") return { rpc: "spaces.members.get", space, member };
  if (method === "PATCH") return { rpc: "spaces.members.patch", space, member };
  if (method === "DELETE") return { rpc: "spaces.members.delete", space, member };
  return undefined;
}
