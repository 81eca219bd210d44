// A small OpenAPI document in the shape of the bundle: two operations on one path, a link from the
// first's success response to an operation on another path, references to components.
import type { OpenApiDocument } from "../src/index.js";

export function fixtureSpec(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    paths: {
      "/orgs/{orgId}/widgets": {
        parameters: [{ $ref: "#/components/parameters/orgId" }],
        get: {
          operationId: "listWidgets",
          summary: "List widgets",
          tags: ["Widgets"],
          parameters: [
            { name: "pageNum", in: "query", required: true, schema: { type: "integer", default: 1 } },
            { name: "pretty", in: "query", schema: { type: "boolean", default: false } },
          ],
          responses: { "200": { description: "ok" }, "400": { $ref: "#/components/responses/BadRequest" } },
        },
        post: {
          operationId: "createWidget",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/Widget" },
                examples: { small: { $ref: "#/components/examples/SmallWidget" } },
              },
            },
          },
          responses: {
            "201": {
              description: "created",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Widget" } } },
              links: {
                get: { operationId: "getWidget", parameters: { widgetId: "$response.body#/id" } },
              },
            },
            "400": { $ref: "#/components/responses/BadRequest" },
          },
        },
      },
      "/orgs/{orgId}/widgets/{widgetId}": {
        get: {
          operationId: "getWidget",
          parameters: [
            { $ref: "#/components/parameters/orgId" },
            { name: "widgetId", in: "path", required: true, schema: { type: "string", examples: ["w1"] } },
          ],
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: {
      parameters: {
        orgId: {
          name: "orgId",
          in: "path",
          required: true,
          example: "5980cfc70b6d12029d82e3f6",
          schema: { type: "string" },
        },
      },
      schemas: {
        Widget: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: {
            id: { type: "string" },
            name: { type: "string", minLength: 1, maxLength: 3 },
            tags: {
              type: "array",
              items: { type: "string", enum: ["A", "B"] },
              maxItems: 2,
              uniqueItems: true,
            },
          },
        },
      },
      examples: { SmallWidget: { value: { name: "abc", tags: ["A"] } } },
      responses: {
        BadRequest: {
          description: "bad",
          content: {
            "application/json": {
              examples: { tooLong: { value: { error: 400, errorCode: "NAME_TOO_LONG" } } },
            },
          },
        },
      },
    },
  };
}
