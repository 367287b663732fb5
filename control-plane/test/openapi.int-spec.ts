import type { Type } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { PUBLIC_ROUTE } from '../src/auth/auth.decorators';
import { startTestApp, type TestApp } from './harness/test-app';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  example?: unknown;
  description?: string;
  format?: string;
};
type Content = Record<string, { schema?: Schema }>;
interface Operation {
  operationId: string;
  summary?: string;
  parameters?: { in: string; name: string; example?: unknown; schema?: Schema }[];
  requestBody?: { content?: Content };
  responses: Record<string, { description?: string; content?: Content; headers?: Record<string, unknown> }>;
  security?: unknown[];
}
interface Doc {
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
  security?: Record<string, unknown>[];
}

const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponseDoc';
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** What Nest itself knows about each handler, keyed like swagger's operationId (`Controller_method`). */
interface HandlerFacts {
  readonly takesBody: boolean;
  /** A validated `@Body()` or `@Query()` DTO: bad input there is a documented 400. */
  readonly validatesInput: boolean;
  readonly isPublic: boolean;
}

function handlerFacts(app: TestApp['app']): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        if (method === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
        const kinds = Object.keys(args).map((key) => key.split(':')[0]);
        facts.set(`${controller.name}_${method}`, {
          takesBody: kinds.includes(String(RouteParamtypes.BODY)),
          validatesInput: kinds.includes(String(RouteParamtypes.BODY)) || kinds.includes(String(RouteParamtypes.QUERY)),
          isPublic: Reflect.getMetadata(PUBLIC_ROUTE, handler) === true || Reflect.getMetadata(PUBLIC_ROUTE, controller) === true,
        });
      }
    }
  }
  return facts;
}

const isJson = (mediaType: string): boolean => mediaType === 'application/json' || mediaType.endsWith('+json');

describe('OpenAPI document (real PostgreSQL)', () => {
  let t: TestApp;
  let doc: Doc;
  let facts: Map<string, HandlerFacts>;
  /** Every operation, as `METHOD /path` with its object. */
  let operations: { name: string; path: string; method: string; op: Operation }[];

  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const target = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`dangling reference ${schema.$ref}`);
    return target;
  };

  /** Every schema reachable from `root`, references followed once each. */
  const reachable = (root: Schema): { at: string; schema: Schema }[] => {
    const seen = new Set<string>();
    const found: { at: string; schema: Schema }[] = [];
    const visit = (schema: Schema, at: string): void => {
      if (schema.$ref) {
        if (seen.has(schema.$ref)) return;
        seen.add(schema.$ref);
        return visit(resolve(schema), schema.$ref);
      }
      found.push({ at, schema });
      for (const [name, property] of Object.entries(schema.properties ?? {})) visit(property, `${at}.${name}`);
      if (schema.items) visit(schema.items, `${at}[]`);
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) visit(part, at);
      if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${at}{}`);
    };
    visit(root, '');
    return found;
  };

  /**
   * An object schema that says nothing: no properties, no composition, no items. A free-form map
   * (`additionalProperties` set) is allowed only with a description saying what it holds.
   */
  const isEmptyObject = (schema: Schema): boolean =>
    (schema.type === undefined || schema.type === 'object') &&
    Object.keys(schema.properties ?? {}).length === 0 &&
    !schema.allOf && !schema.oneOf && !schema.anyOf && !schema.items && !schema.enum &&
    !(schema.additionalProperties !== undefined && schema.description);

  const jsonSchemaOf = (content: Content | undefined): Schema | undefined =>
    Object.entries(content ?? {}).find(([mediaType]) => isJson(mediaType))?.[1].schema;

  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'e'.repeat(64) });
    doc = (await request(t.http).get('/api/docs-json').expect(200)).body as Doc;
    facts = handlerFacts(t.app);
    operations = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.entries(item).filter(([method]) => HTTP_METHODS.has(method)).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, op })));
  });
  afterAll(() => t?.close());

  it('serves the JSON with the configuration, history, template, event and metrics paths', () => {
    expect(doc.info.title).toBe('WAN Overlay Manager API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/peers/{id}/config',
        '/api/peers/{id}/config/mikrotik-script',
        '/api/peers/{id}/config/qr',
        '/api/peers/{id}/export',
        '/api/peers/{id}/regenerate-keys',
        '/api/wan/{wanId}/export',
        '/api/wan/{wanId}/regenerate-all',
        '/api/peers/{id}/history',
        '/api/peers/{id}/history/diff',
        '/api/peers/{id}/history/{versionId}',
        '/api/peers/{id}/history/{versionId}/mark-applied',
        '/api/templates',
        '/api/templates/{id}',
        '/api/events',
        '/metrics',
      ]),
    );
    expect(doc.paths['/api/wan/{wanId}/regenerate-all']?.post?.summary).toContain('configuration version');
    expect(doc.components.schemas.CreateTemplateDto?.properties?.body?.example).toContain('{{PEERS}}');
  });

  it('describes every operation of every controller, each with a summary', () => {
    expect(operations.length).toBeGreaterThan(60);
    const documented = new Set(operations.map(({ op }) => op.operationId));
    expect([...facts.keys()].filter((id) => !documented.has(id))).toEqual([]);
    expect(operations.filter(({ op }) => !op.summary?.trim()).map(({ name }) => name)).toEqual([]);
  });

  it('gives every handler that takes a body a JSON request schema with properties', () => {
    const bodyOps = operations.filter(({ op }) => facts.get(op.operationId)?.takesBody);
    expect(bodyOps.length).toBeGreaterThan(15);
    const missing = bodyOps.filter(({ op }) => {
      const schema = jsonSchemaOf(op.requestBody?.content);
      return !schema || Object.keys(resolve(schema).properties ?? {}).length === 0;
    });
    expect(missing.map(({ name }) => name)).toEqual([]);
  });

  it('has no empty object schema behind any request body or 2xx JSON answer', () => {
    const empty: string[] = [];
    for (const { name, op } of operations) {
      const roots: [string, Schema | undefined][] = [['request', jsonSchemaOf(op.requestBody?.content)]];
      for (const [status, response] of Object.entries(op.responses)) if (status.startsWith('2')) roots.push([status, jsonSchemaOf(response.content)]);
      for (const [where, root] of roots) {
        if (!root) continue;
        for (const { at, schema } of reachable(root)) if (isEmptyObject(schema)) empty.push(`${name} ${where} ${at || '(root)'}`);
      }
    }
    expect(empty).toEqual([]);
  });

  it('gives an example for every property of a request or 2xx JSON answer, and every query parameter', () => {
    const withoutExample: string[] = [];
    for (const { name, op } of operations) {
      const roots = [jsonSchemaOf(op.requestBody?.content), ...Object.entries(op.responses).filter(([status]) => status.startsWith('2')).map(([, response]) => jsonSchemaOf(response.content))];
      for (const { at, schema } of roots.flatMap((root) => (root ? reachable(root) : []))) {
        if (schema.example !== undefined) continue;
        for (const [property, value] of Object.entries(schema.properties ?? {})) {
          // A nested object is checked on its own; an array of them likewise.
          const wrapped = value.items ?? value;
          const leaf = resolve(wrapped.allOf?.length === 1 && wrapped.allOf[0] ? wrapped.allOf[0] : wrapped);
          const nested = Object.keys(leaf.properties ?? {}).length > 0;
          if (!nested && value.example === undefined && resolve(value).example === undefined) withoutExample.push(`${name} ${at}.${property}`);
        }
      }
      for (const parameter of op.parameters ?? []) {
        if (parameter.in === 'query' && parameter.example === undefined && parameter.schema?.example === undefined) withoutExample.push(`${name} ?${parameter.name}`);
      }
    }
    expect(withoutExample).toEqual([]);
  });

  it('describes every 2xx answer: a schema for JSON, a media type for text and binary, nothing for 204', () => {
    const undescribed: string[] = [];
    for (const { name, op } of operations) {
      const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      // A browser navigation (single sign-on) answers every outcome with a redirect, described with its Location.
      const redirects = Object.entries(op.responses).filter(([status]) => status.startsWith('3'));
      for (const [status, response] of redirects) if (!response.headers?.['Location']) undescribed.push(`${name} ${status}: no Location header`);
      if (successes.length === 0 && redirects.length === 0) undescribed.push(`${name}: no 2xx answer`);
      for (const [status, response] of successes) {
        const mediaTypes = Object.keys(response.content ?? {});
        if (!response.description?.trim()) undescribed.push(`${name} ${status}: no description`);
        if (status === '204') {
          if (mediaTypes.length > 0) undescribed.push(`${name} 204 has a body`);
          continue;
        }
        if (mediaTypes.length === 0) undescribed.push(`${name} ${status}: no content`);
        for (const mediaType of mediaTypes) if (!response.content?.[mediaType]?.schema) undescribed.push(`${name} ${status} ${mediaType}: no schema`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('documents errors with the shared { code, message, fields } schema where they can happen', () => {
    const errorSchema = doc.components.schemas.ErrorResponseDoc;
    expect(Object.keys(errorSchema?.properties ?? {}).sort()).toEqual(['code', 'fields', 'message']);
    const problems: string[] = [];
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        if (jsonSchemaOf(op.responses[status]?.content)?.$ref !== ERROR_SCHEMA_REF) problems.push(`${name} ${status}: not the error schema`);
      }
      const expected: string[] = [];
      if (!facts.get(op.operationId)?.isPublic) expected.push('401', '403');
      if (facts.get(op.operationId)?.validatesInput) expected.push('400');
      if ((op.parameters ?? []).some((p) => p.in === 'path')) expected.push('404');
      for (const status of expected) if (!statuses.includes(status)) problems.push(`${name}: no ${status}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers a bad request with exactly the documented error shape', async () => {
    const res = await request(t.http).post('/api/wan').send({ name: '' }).expect(400);
    expect(Object.keys(res.body as object).sort()).toEqual(['code', 'fields', 'message']);
    expect((res.body as { fields: object[] }).fields[0]).toEqual({ field: 'name', reason: expect.any(String) });
  });

  it('requires the bearer token everywhere except on the public routes, which say so', () => {
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const mismarked = operations.filter(({ op }) => (facts.get(op.operationId)?.isPublic ?? false) !== (op.security !== undefined && op.security.length === 0));
    expect(mismarked.map(({ name }) => name)).toEqual([]);
    const publicOps = operations.filter(({ op }) => op.security?.length === 0).map(({ name }) => name);
    expect(publicOps).toEqual(expect.arrayContaining(['POST /api/auth/login', 'POST /api/agents/enroll', 'GET /healthz', 'GET /readyz']));
  });

  it('serves the UI', async () => {
    const res = await request(t.http).get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
