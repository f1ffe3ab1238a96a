// An S3-compatible server on loopback for engine tests with their state in a bucket: moto_server
// (scripts/s3-env.sh, moto[server] in a cached virtualenv), started per test file on a free port,
// with random credentials minted at test time (moto accepts any; none is stored in the repo). The
// helpers read the bucket over the S3 API with SigV4-signed requests: moto refuses anonymous
// reads of objects, as S3 does (it does not check the signature itself).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import * as net from "node:net";
import { setUpWith } from "../../scripts/lib/engine-harness";

export interface S3Server {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Env for the Pulumi CLI: the minted credentials and region, nothing from the user's AWS set-up. */
  readonly env: Record<string, string>;
  /** Makes a bucket and returns its `pulumi login` URL. */
  createBucket(name: string): Promise<string>;
  /** Every key in the bucket, over the S3 API (ListObjectsV2, all pages). */
  listKeys(bucket: string): Promise<string[]>;
  /** One object's body as text. */
  getText(bucket: string, key: string): Promise<string>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** The `pulumi login` URL of a bucket on an S3-compatible server at `endpoint` (see README). */
export function bucketUrl(bucket: string, endpoint: string): string {
  // use_path_style: http://HOST/BUCKET/KEY, as a loopback server has no per-bucket host names.
  // response_checksum_validation=when_required: moto returns no checksums, and the AWS SDK
  // otherwise warns on every read.
  const q = new URLSearchParams({
    endpoint,
    region: "us-east-1",
    use_path_style: "true",
    response_checksum_validation: "when_required",
  });
  return `s3://${bucket}?${q.toString().replace(/%3A/g, ":").replace(/%2F/g, "/")}`;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s).digest();
const awsEncode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** A SigV4-signed S3 request with no body (GET, or PUT of a bucket). */
function signedFetch(
  method: "GET" | "PUT",
  url: URL,
  creds: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_REGION: string },
): Promise<Response> {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, ""); // 20260101T000000Z
  const day = amzDate.slice(0, 8);
  const payload = sha256("");
  const query = [...url.searchParams]
    .map(([k, v]) => `${awsEncode(k)}=${awsEncode(v)}`)
    .sort()
    .join("&");
  const headers = { host: url.host, "x-amz-content-sha256": payload, "x-amz-date": amzDate };
  const signed = Object.keys(headers).join(";");
  const canonical = [
    method,
    url.pathname,
    query,
    ...Object.entries(headers).map(([k, v]) => `${k}:${v}`),
    "",
    signed,
    payload,
  ].join("\n");
  const scope = `${day}/${creds.AWS_REGION}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac(`AWS4${creds.AWS_SECRET_ACCESS_KEY}`, day);
  for (const part of [creds.AWS_REGION, "s3", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(toSign).digest("hex");
  return fetch(url, {
    method,
    headers: {
      // fetch sets Host itself (to the same value that was signed).
      "x-amz-content-sha256": payload,
      "x-amz-date": amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=${creds.AWS_ACCESS_KEY_ID}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    },
    signal: AbortSignal.timeout(10_000),
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function check(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

export async function startS3(): Promise<S3Server> {
  const motoServer = setUpWith(
    "scripts/s3-env.sh",
    [],
    "No moto_server for the S3-backend tests: scripts/s3-env.sh failed (see its message above). " +
      "It needs Python >= 3.9 with venv and PyPI access the first time; `npm test` sets it up.",
  );
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  // Bounded wait until it answers; a server that exits or never answers fails with its output.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (gone) throw new Error(`moto_server exited on start (port ${port}):\n${stderr}`);
    try {
      if ((await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(
        `moto_server did not answer on ${endpoint} in ${START_TIMEOUT_MS} ms:\n${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const env = {
    AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    AWS_SECRET_ACCESS_KEY: randomBytes(20).toString("base64"),
    AWS_REGION: "us-east-1",
    // Only the minted keys: no profile, session token or instance metadata from the machine.
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  const objectUrl = (bucket: string, key: string) =>
    new URL(`${endpoint}/${bucket}/${key.split("/").map(awsEncode).join("/")}`);
  return {
    endpoint,
    env,
    async createBucket(name) {
      await check(
        await signedFetch("PUT", new URL(`${endpoint}/${name}`), env),
        `create bucket ${name}`,
      );
      return bucketUrl(name, endpoint);
    },
    async listKeys(bucket) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const url = new URL(`${endpoint}/${bucket}`);
        url.searchParams.set("list-type", "2");
        if (token) url.searchParams.set("continuation-token", token);
        const xml = await (await check(await signedFetch("GET", url, env), "list")).text();
        for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(m[1] ?? ""));
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? unescapeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? "")
          : undefined;
      } while (token);
      return keys;
    },
    async getText(bucket, key) {
      return (
        await check(await signedFetch("GET", objectUrl(bucket, key), env), `get ${key}`)
      ).text();
    },
    async stop() {
      if (!gone) {
        proc.kill("SIGTERM");
        const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
