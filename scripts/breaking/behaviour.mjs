// The behaviour diff: what the spec promises beyond schemas, compared operation by operation
// (matched by `METHOD /path`) between the base and the revision. The facts are read with the spec
// kit: the operations, their one success status and response, their named examples (the
// `errorCode` of each error status's examples), their links and the rate limit of their group
// (`x-atlas-rate-limit`, `rateLimit`). Roles are read from the operation's description, the only place the spec
// states them: "Role: <name>." or "must have the <name> role".
import { operationName, specOperations } from "@atlas-admin/spec-kit";

/**
 * One verdict: `impact` is `major` (breaking), `minor` (compatible addition) or `patch`;
 * `operation` is `METHOD /path`; `rule` names the fact compared (`behaviour/rate-limit`, …).
 * @typedef {{ source: "behaviour", impact: "major" | "minor" | "patch", operation: string, rule: string, message: string }} BehaviourFinding
 */

/** The role an operation's description states, or undefined. */
export function statedRole(description) {
  const text = String(description ?? "").replace(/\s+/g, " ");
  return (
    /\bRole: ([A-Z][A-Za-z ]*?[A-Za-z])\./.exec(text)?.[1] ??
    /\bmust have the ([A-Z][A-Za-z ]*?[A-Za-z]) role\b/.exec(text)?.[1]
  );
}

/** The documented `errorCode`s of each error status of an operation: status -> set of codes. */
function errorCodes(operation) {
  const codes = new Map();
  for (const status of operation.statuses.filter((s) => s >= 400)) codes.set(status, new Set());
  for (const [status, , value] of operation.namedExamples()) {
    if (status >= 400 && typeof value?.errorCode === "string") codes.get(status)?.add(value.errorCode);
  }
  return codes;
}

/** The links of an operation's success response: name -> `operationId(parameters)` text. */
function links(operation) {
  const found = new Map();
  for (const [name, link] of Object.entries(operation.response(operation.success)?.links ?? {})) {
    const parameters = Object.entries(link.parameters ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    found.set(name, `${link.operationId ?? link.operationRef}(${parameters.join(", ")})`);
  }
  return found;
}

const hasBody = (operation) => Object.keys(operation.response(operation.success)?.content ?? {}).length > 0;
const perPeriod = (limit) => `${limit.refill} per ${limit.periodSeconds} s`;

/**
 * Compares the behavioural facts of two bundled documents.
 * @param {object} base the bundled base document
 * @param {object} revision the bundled revision document
 * @returns {BehaviourFinding[]} in the order of the revision's operations
 * @throws Error from the spec kit when an operation documents other than one success status.
 */
export function behaviourDiff(base, revision) {
  const before = new Map(specOperations(base).map((operation) => [operationName(operation), operation]));
  const findings = [];
  for (const now of specOperations(revision)) {
    const name = operationName(now);
    const was = before.get(name);
    if (was === undefined) continue; // a new operation: redocly diff rates it
    const say = (impact, rule, message) =>
      findings.push({ source: "behaviour", impact, operation: name, rule: `behaviour/${rule}`, message });

    // Rate limit: the group's bucket, lower is breaking.
    const limitBefore = was.rateLimit;
    const limitNow = now.rateLimit;
    if (limitBefore === undefined && limitNow !== undefined) {
      say(
        "major",
        "rate-limit",
        `now rate limited: group "${limitNow.group}", capacity ${limitNow.capacity}, refill ${perPeriod(limitNow)}`,
      );
    } else if (limitBefore !== undefined && limitNow === undefined) {
      say("minor", "rate-limit", `no longer rate limited (was group "${limitBefore.group}")`);
    } else if (limitBefore !== undefined && limitNow !== undefined) {
      const [a, b] = [limitBefore, limitNow];
      const group = `rate limit of group "${limitNow.group}"`;
      if (limitBefore.group !== limitNow.group)
        say(
          "major",
          "rate-limit",
          `rate limit group changed from "${limitBefore.group}" to "${limitNow.group}" (another bucket)`,
        );
      if (a.scope !== b.scope)
        say("major", "rate-limit", `${group}: scope changed from ${a.scope} to ${b.scope}`);
      if (a.capacity !== b.capacity)
        say(
          b.capacity < a.capacity ? "major" : "minor",
          "rate-limit",
          `${group}: capacity ${b.capacity < a.capacity ? "lowered" : "raised"} from ${a.capacity} to ${b.capacity}`,
        );
      const rateBefore = a.refill / a.periodSeconds;
      const rateNow = b.refill / b.periodSeconds;
      if (a.refill !== b.refill || a.periodSeconds !== b.periodSeconds)
        say(
          rateNow < rateBefore ? "major" : rateNow > rateBefore ? "minor" : "patch",
          "rate-limit",
          `${group}: refill ${rateNow < rateBefore ? "lowered" : rateNow > rateBefore ? "raised" : "restated"} from ${perPeriod(a)} to ${perPeriod(b)}`,
        );
    }

    // Success: its status, and whether it has a body.
    if (was.success !== now.success) {
      say("major", "success-status", `success status changed from ${was.success} to ${now.success}`);
    }
    if (hasBody(was) && !hasBody(now)) {
      say(
        "major",
        "success-body",
        `success response ${now.success} no longer has a body (was ${was.success} with one)`,
      );
    } else if (!hasBody(was) && hasBody(now)) {
      say("minor", "success-body", `success response ${now.success} now has a body`);
    }

    // Documented error codes, per status: removed is breaking, added is compatible.
    const codesBefore = errorCodes(was);
    const codesNow = errorCodes(now);
    for (const [status, codes] of codesBefore) {
      for (const code of codes) {
        if (!codesNow.get(status)?.has(code))
          say("major", "error-code", `error code ${code} of status ${status} removed`);
      }
    }
    for (const [status, codes] of codesNow) {
      for (const code of codes) {
        if (!codesBefore.get(status)?.has(code))
          say("minor", "error-code", `error code ${code} of status ${status} added`);
      }
    }

    // The role the description states.
    const roleBefore = statedRole(was.operation.description);
    const roleNow = statedRole(now.operation.description);
    if (roleBefore !== undefined && roleNow !== undefined && roleBefore !== roleNow) {
      say("major", "role", `required role changed from ${roleBefore} to ${roleNow}`);
    } else if (roleBefore !== roleNow) {
      say("patch", "role", `stated role changed from ${roleBefore ?? "none"} to ${roleNow ?? "none"}`);
    }

    // Lifecycle links of the success response.
    const linksBefore = links(was);
    const linksNow = links(now);
    for (const [link, target] of linksBefore) {
      if (!linksNow.has(link)) say("major", "link", `link ${link} (${target}) removed`);
      else if (linksNow.get(link) !== target)
        say("major", "link", `link ${link} changed from ${target} to ${linksNow.get(link)}`);
    }
    for (const [link, target] of linksNow) {
      if (!linksBefore.has(link)) say("minor", "link", `link ${link} (${target}) added`);
    }
  }
  return findings;
}
