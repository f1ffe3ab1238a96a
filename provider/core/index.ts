// The pure core: parsing, validation, planning and diffing. No I/O.
export * from "./types";
export * from "./errors";
export * from "./defaults";
export * from "./space";
export * from "./member";
export * from "./roles";
export * from "./validate";
export * from "./plan";
export * from "./diff";
export * from "./roster";
export * from "./destroy";
