// Shared plumbing for emulator tests: the real Google clients wired to a local emulator, and a
// check that every response the emulator sent matches the API schema.
import { chat, chat_v1 } from "@googleapis/chat";
import { GoogleAuth, JWT, OAuth2Client } from "google-auth-library";
import {
  EmulatorOptions,
  RunningEmulator,
  ServiceAccountKeyJson,
  emulatorTransporter,
  startEmulator,
} from "../../emulator";
import { validateExchange } from "./schema";

export const SCOPE = (name: string) => `https://www.googleapis.com/auth/${name}`;
export const DEMO = "spaces/AAAAdemo01";
export const GROUP_CHAT = "spaces/AAAAgroup01";
export const DM = "spaces/AAAAdm0001";
export const APP_SPACE = "spaces/AAAAapp001";
export const IDS = {
  alice: "100000000000000000001",
  bob: "100000000000000000002",
  carol: "100000000000000000003",
  dave: "100000000000000000004",
  erin: "100000000000000000005",
  demoApp: "200000000000000000001",
  otherApp: "200000000000000000002",
};

// Under Jest, gaxios' lazy `import("node-fetch")` fails (no --experimental-vm-modules): give every
// transporter Node's own fetch.
const FETCH = { fetchImplementation: globalThis.fetch };
export const transporter = (url: string) => emulatorTransporter(url, FETCH);

export class TestEmulator {
  private keys = new Map<string, ServiceAccountKeyJson>();
  constructor(readonly emu: RunningEmulator) {}

  get control() {
    return this.emu.control;
  }

  private api(auth: OAuth2Client | JWT | GoogleAuth): chat_v1.Chat {
    return chat({ version: "v1", auth, rootUrl: this.emu.url + "/" });
  }

  /** User authentication through the refresh-token grant (OAuth2Client, custom token URL). */
  async user(email: string, scopes?: string[], project?: string): Promise<chat_v1.Chat> {
    const cred = await this.control.mintAuthorizedUser({
      user: email,
      ...(scopes ? { scopes } : {}),
      ...(project ? { project } : {}),
    });
    const oauth = new OAuth2Client({
      clientId: cred.client_id,
      clientSecret: cred.client_secret,
      endpoints: { oauth2TokenUrl: this.emu.url + "/token" },
      transporterOptions: FETCH,
    });
    oauth.setCredentials({ refresh_token: cred.refresh_token });
    return this.api(oauth);
  }

  async key(project = "demo-project"): Promise<ServiceAccountKeyJson> {
    let k = this.keys.get(project);
    if (!k) {
      k = await this.control.mintServiceAccountKey({ project });
      this.keys.set(project, k);
    }
    return k;
  }

  /** App authentication: a service-account JWT assertion without `sub`. */
  async app(scopes: string[], project = "demo-project"): Promise<chat_v1.Chat> {
    const k = await this.key(project);
    return this.api(
      new JWT({
        email: k.client_email,
        key: k.private_key,
        scopes,
        transporter: transporter(this.emu.url),
      }),
    );
  }

  /** Domain-wide delegation: the same key with `sub` = the impersonated user. */
  async dwd(subject: string, scopes: string[], project = "demo-project"): Promise<chat_v1.Chat> {
    const k = await this.key(project);
    return this.api(
      new JWT({
        email: k.client_email,
        key: k.private_key,
        scopes,
        subject,
        transporter: transporter(this.emu.url),
      }),
    );
  }

  /** Every logged response since the last call is checked against the protos, then the log is cleared. */
  async expectValidResponses(): Promise<void> {
    const log = await this.control.requests();
    const errors = log.flatMap((e) => {
      if (e.response === undefined) return [];
      const qs = new URLSearchParams(e.query).toString();
      return validateExchange(
        e.method,
        `${this.emu.url}${e.path}${qs ? "?" + qs : ""}`,
        e.status,
        e.response,
      );
    });
    expect(errors).toEqual([]);
    await this.control.resetLog();
  }

  stop(): Promise<void> {
    return this.emu.stop();
  }
}

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ quotas: { enabled: false }, ...opts });
  await emu.control.recordResponses(true);
  return new TestEmulator(emu);
}

interface GaxiosLike {
  status?: number;
  response?: {
    status: number;
    data: { error?: { status?: string; message?: string; details?: unknown[] } };
    headers?: unknown;
  };
}

/** Awaits a call expected to fail; returns Google's error body for further checks. */
export async function apiError(
  p: Promise<unknown>,
  httpStatus: number,
  status: string,
): Promise<{ status?: string; message?: string; details?: unknown[] }> {
  let err: GaxiosLike | undefined;
  try {
    await p;
  } catch (e) {
    err = e as GaxiosLike;
  }
  if (!err) throw new Error(`expected ${httpStatus} ${status}, but the call succeeded`);
  const body = err.response?.data?.error;
  expect({ http: err.status ?? err.response?.status, status: body?.status }).toEqual({
    http: httpStatus,
    status,
  });
  return body!;
}

export const humanRef = (name: string) => ({ member: { name, type: "HUMAN" } });
