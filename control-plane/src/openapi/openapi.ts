import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** The OpenAPI document of every controller, with its decorators' summaries and examples. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('WAN Overlay Manager API')
    .setDescription('Control plane of a WireGuard WAN overlay: WANs, peers, services, conflicts, configurations and deployments. Errors are { code, message, fields }.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key', description: 'An access token from POST /api/auth/login, or an API key (wom_…).' }, 'bearer')
    // Every route needs a principal unless it says otherwise (security: []), as the AuthGuard does.
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the UI at /api/docs and the JSON at /api/docs-json. Call after the global prefix is set. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: 'api/docs-yaml' });
}
