// Revision 20261107's discovery document, read at test time from the installed
// google-api-python-client (scripts/python-env.sh builds the environment; it is never copied into
// this repo), and Google's Python in that environment for the tests that drive it.
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface DiscoveryParam {
  type: string;
  format?: string;
  location?: string;
  enum?: string[];
  repeated?: boolean;
}
export interface DiscoveryProperty {
  type?: string;
  format?: string;
  $ref?: string;
  items?: DiscoveryProperty;
  enum?: string[];
  readOnly?: boolean;
}
export interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  flatPath?: string;
  parameters?: Record<string, DiscoveryParam>;
  request?: { $ref: string };
  response?: { $ref: string };
}
export interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}
export interface DiscoveryDoc {
  revision: string;
  parameters: Record<string, DiscoveryParam>;
  schemas: Record<string, { id: string; properties?: Record<string, DiscoveryProperty> }>;
  resources: Record<string, DiscoveryResource>;
}

const repo = join(__dirname, "../..");
let venv: string | undefined;

/** The Python environment's directory (built on first use; fast once it exists). */
export function pythonEnv(): string {
  venv ??= execFileSync("bash", [join(repo, "scripts/python-env.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return venv;
}

export const python = () => join(pythonEnv(), "bin/python");

let doc: DiscoveryDoc | undefined;

export function discovery(): DiscoveryDoc {
  if (doc) return doc;
  const lib = join(pythonEnv(), "lib");
  const site = readdirSync(lib).find((d) => d.startsWith("python"))!;
  const file = join(
    lib,
    site,
    "site-packages/googleapiclient/discovery_cache/documents/chat.v1.json",
  );
  doc = JSON.parse(readFileSync(file, "utf8")) as DiscoveryDoc;
  return doc;
}

/** Every method of the document, by id. */
export function discoveryMethods(): Map<string, DiscoveryMethod> {
  const out = new Map<string, DiscoveryMethod>();
  const walk = (r: DiscoveryResource) => {
    for (const m of Object.values(r.methods ?? {})) out.set(m.id.replace(/^chat\./, ""), m);
    for (const sub of Object.values(r.resources ?? {})) walk(sub);
  };
  for (const r of Object.values(discovery().resources)) walk(r);
  return out;
}

/** Runs test/emulator/python/{script} with `input` as JSON on stdin; returns its JSON output. */
export function runPython<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      python(),
      [join(__dirname, "python", script)],
      { cwd: join(__dirname, "python"), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${script}: ${err.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`${script}: not JSON: ${stdout}\n${stderr}`));
        }
      },
    );
    child.stdin!.end(JSON.stringify(input));
  });
}
