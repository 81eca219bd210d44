/** Generic views of the generated \`operations\`: an operation's body, success body and parameters by operationId. */
import type { operations } from "./generated/atlas-admin.gen.js";

/** The operationIds of the spec. */
export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;

/** The JSON request body of an operation (\`never\` when it takes none). */
export type RequestBody<Id extends OperationId> =
  NonNullable<operations[Id]["requestBody"]> extends {
    content: { "application/json": infer Body };
  }
    ? Body
    : never;

/** The JSON body of an operation's success response (\`undefined\` when it has none, as for a 204). */
export type SuccessResponse<Id extends OperationId> = {
  [Status in keyof operations[Id]["responses"] & SuccessStatus]: JsonContent<
    operations[Id]["responses"][Status]
  >;
}[keyof operations[Id]["responses"] & SuccessStatus];

/** The path and query parameters of an operation. */
export type OperationParameters<Id extends OperationId> = operations[Id]["parameters"];
