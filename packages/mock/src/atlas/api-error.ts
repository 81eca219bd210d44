import { STATUS_CODES } from "node:http";

import type { components } from "@atlas-admin/types";

/** The spec's `ApiError` schema, as generated from it: the body of every error the mock writes itself. */
export type ApiError = components["schemas"]["ApiError"];

export function apiError(
  status: number,
  errorCode: string,
  detail: string,
  extra: Pick<ApiError, "parameters" | "badRequestDetail"> = { parameters: [] },
): ApiError {
  return { detail, error: status, errorCode, reason: STATUS_CODES[status] ?? "Error", ...extra };
}
