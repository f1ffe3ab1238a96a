// Member files: one YAML file per space, the GitOps input of ChatSpaceMembers.
export * from "./parse";
export * from "./load";
export * from "./format";
export { memberFileSchema } from "./schema";
