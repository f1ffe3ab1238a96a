// google-auth-library 11 posts service-account assertions to https://oauth2.googleapis.com/token
// whatever the key's token_uri says (gtoken hard-codes it). This transporter sends that one URL to
// the emulator instead: pass it as `transporter` (JWT) or `clientOptions.transporter` (GoogleAuth).
import { gaxios } from "google-auth-library";

const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export function emulatorTransporter(
  emulatorUrl: string,
  defaults: gaxios.GaxiosOptions = {},
): gaxios.Gaxios {
  const g = new gaxios.Gaxios(defaults);
  const tokenUrl = emulatorUrl.replace(/\/+$/, "") + "/token";
  g.interceptors.request.add({
    resolved: async (opts) => {
      if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(tokenUrl);
      return opts;
    },
  });
  return g;
}
