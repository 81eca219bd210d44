/**
 * Atlas's rate limits as the spec declares them (`x-atlas-rate-limit` on each endpoint group):
 * 520 requests to one organization's API-key endpoints in a row get 429 `RATE_LIMITED` with
 * `Retry-After`; another organization is unaffected; the flag turns them off.
 */

import { describe, expect, it } from "vitest";
import { createAtlasMock, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../src/index.js";
import { spec } from "./helpers/spec.js";

const keysLimit = (spec.tags as { name: string; "x-atlas-rate-limit"?: { capacity: number } }[]).find(
  (tag) => tag.name === "Programmatic API Keys",
)?.["x-atlas-rate-limit"];

async function withToken(options: Parameters<typeof createAtlasMock>[0] = {}) {
  const mock = await createAtlasMock(options);
  const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64")}`;
  const answer = await mock.fetch("http://mock/api/oauth/token", {
    method: "POST",
    headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const list = (org: string) =>
    mock.fetch(`http://mock/orgs/${org}/apiKeys?itemsPerPage=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  return { list };
}

const ORG = "5980cfc70b6d12029d82e3f6";
const OTHER = "6980cfc70b6d12029d82e3f6";

describe("Atlas's rate limits, from the spec", () => {
  it("the spec declares the API-key group's limit (MongoDB's rate-limit page)", () => {
    expect(keysLimit).toEqual({ scope: "ORGANIZATION", capacity: 500, refill: 250, periodSeconds: 60 });
  });

  it("520 requests to one organization: 429 RATE_LIMITED with Retry-After; another organization is unaffected", async () => {
    const { list } = await withToken();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 520; i++) {
      const response = await list(ORG);
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
      else await response.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(keysLimit?.capacity ?? 500);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited?.json()).toMatchObject({ error: 429, errorCode: "RATE_LIMITED" });
    expect((await list(OTHER)).status).toBe(200);
  });

  it("--rate-limits off (rateLimits: false) lets the same load through", async () => {
    const { list } = await withToken({ rateLimits: false });
    for (let i = 0; i < 520; i++) {
      const response = await list(ORG);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
  });

  it("a scale shrinks the bucket (0.01: five requests)", async () => {
    const { list } = await withToken({ rateLimitScale: 0.01 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await list(ORG)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
