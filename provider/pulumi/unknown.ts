// What the engine passes for an input not known yet (a preview of another resource's output):
// such a value is checked during up, once it is known.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
