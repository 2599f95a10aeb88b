// OpenAPI: GET /api/v1/config.
import { ref } from "../schema";
import { json, type Paths, publicAccess } from "./common";

export const configPaths: Paths = {
  "/api/v1/config": {
    get: {
      operationId: "getConfig",
      summary: "What a client needs to know before it asks for an address (public).",
      security: publicAccess,
      responses: { "200": json(ref("PublicConfig"), "The deployment's public settings.") },
    },
  },
};
