import { STATUS_CODES } from "node:http";

/** The spec's `ApiError` schema: the body of every error the mock writes itself. */
export interface ApiError {
  readonly error: number;
  readonly errorCode: string;
  readonly detail: string;
  readonly reason: string;
  readonly parameters: readonly unknown[];
  readonly badRequestDetail?: {
    readonly fields: readonly { readonly field: string; readonly description: string }[];
  };
}

export function apiError(
  status: number,
  errorCode: string,
  detail: string,
  extra: Pick<ApiError, "parameters" | "badRequestDetail"> = { parameters: [] },
): ApiError {
  return { detail, error: status, errorCode, reason: STATUS_CODES[status] ?? "Error", ...extra };
}
