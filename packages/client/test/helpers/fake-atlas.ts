/** An injected-fetch Atlas: Digest challenge for unsigned requests, then `answer` for signed ones. */
import { json, type RecordedRequest, recordingFetch } from "./recording-fetch.js";

export const orgId = "5980cfc70b6d12029d82e3f6";
export const credentials = { publicKey: "zmmrboas", privateKey: "88e33af4-8d0c-4f5f-9a04-db2c132ca78d" };

export const apiKey = {
  id: "5c47ba5127d9d61b9fd8a27b",
  desc: "CI key",
  publicKey: "abcdefgh",
  privateKey: "11111111-2222-3333-4444-555555555555",
  links: [],
  roles: [{ orgId, roleName: "ORG_MEMBER" }],
};

export function fakeAtlas(
  answer: (request: RecordedRequest, signedIndex: number) => Response | Promise<Response>,
) {
  let signed = 0;
  return recordingFetch((request) =>
    request.headers.has("Authorization")
      ? answer(request, signed++)
      : json(
          401,
          { error: 401, errorCode: "UNAUTHORIZED" },
          {
            "WWW-Authenticate":
              'Digest realm="MMS Public API", domain="", nonce="abc", algorithm=MD5, qop="auth", stale=false',
          },
        ),
  );
}

/** Only the requests that carried a Digest signature. */
export const signedRequests = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.headers.has("Authorization"));
