// Member files: one YAML file per space, the GitOps input of ChatSpaceMembers.
export * from "./parse";
export * from "./load";
export * from "./format";
export { memberFileSchema } from "./schema";
export * from "./directory";
export * from "./export";
export * from "./args";
