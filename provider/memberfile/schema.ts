import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import memberFileSchema from "../../schema/member-file.schema.json";

// Structural validation of a member file against the JSON Schema editors use, so the two cannot
// drift apart. Compiled lazily: only the member-file tools pay for ajv, never the provider.

let compiled: ValidateFunction | undefined;

export function schemaErrors(data: unknown): ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(memberFileSchema);
  if (compiled(data)) return [];
  // if/then/else errors only say "a branch failed"; the branch's own errors are reported too.
  return (compiled.errors ?? []).filter((e) => e.keyword !== "if");
}

export { memberFileSchema };
