// The seed guide's approach, as a user would script it in Node: spaces.members.create once per
// member, one after another, with the official client (@googleapis/chat) and an authorized_user
// credential. No retry logic of its own; a failed call is reported and the loop goes on.
//   node -r ts-node/register/transpile-only bench/alternatives/seed-guide.ts < job.json
// Job (stdin JSON): { url, credentials, space, members: [email…], retry: "off"|"default"|"post" }
// Prints one JSON line: timings and per-status counts.
import { readFileSync } from "node:fs";
import { chat } from "@googleapis/chat";
import { OAuth2Client } from "google-auth-library";

type RetryMode = "off" | "default" | "post";

interface Job {
  url: string;
  credentials: { client_id: string; client_secret: string; refresh_token: string };
  space: string;
  members: string[];
  retry: RetryMode;
}

/**
 * off: `retry: false`, no retry at all. default: the client as it comes (googleapis-common turns
 * gaxios retries on: 3 retries for 408/429/5xx, but only for GET/HEAD/PUT/OPTIONS/DELETE, so a
 * create is never retried). post: the defaults plus POST in httpMethodsToRetry.
 */
const RETRY_OPTIONS: Record<RetryMode, object> = {
  off: { retry: false },
  default: {},
  post: {
    retryConfig: { httpMethodsToRetry: ["GET", "HEAD", "PUT", "OPTIONS", "DELETE", "POST"] },
  },
};

async function main() {
  const job = JSON.parse(readFileSync(0, "utf8")) as Job;
  const t0 = Date.now();
  const auth = new OAuth2Client({
    clientId: job.credentials.client_id,
    clientSecret: job.credentials.client_secret,
    endpoints: { oauth2TokenUrl: `${job.url}/token` },
  });
  auth.setCredentials({ refresh_token: job.credentials.refresh_token });
  const client = chat({ version: "v1", auth });
  const rootUrl = `${job.url}/`;
  const byStatus: Record<string, number> = {};
  let added = 0;
  for (const email of job.members) {
    try {
      await client.spaces.members.create(
        { parent: job.space, requestBody: { member: { name: `users/${email}`, type: "HUMAN" } } },
        { rootUrl, ...RETRY_OPTIONS[job.retry] },
      );
      added++;
      byStatus["200"] = (byStatus["200"] ?? 0) + 1;
    } catch (e) {
      const status = String((e as { status?: number }).status ?? "network");
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
  }
  const result = {
    startedAt: t0,
    wallMs: Date.now() - t0,
    attempted: job.members.length,
    added,
    byStatus,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
