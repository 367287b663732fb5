import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('OpenAPI document (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'e'.repeat(64) });
  });
  afterAll(() => t.close());

  it('serves the JSON with the configuration, history, template, event and metrics paths', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
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
    expect(doc.paths['/api/wan/{wanId}/regenerate-all'].post.summary).toContain('configuration version');
    expect(doc.components.schemas.CreateTemplateDto.properties.body.example).toContain('{{PEERS}}');
  });

  it('serves the UI', async () => {
    const res = await request(t.http).get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });
});
