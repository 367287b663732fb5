import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { BUILT_IN_TEMPLATE_IDS, BUILT_IN_TEMPLATES, findBuiltInTemplate } from './built-in-templates';
import { applyTemplateDefaults, validateCustomTemplate, validatePeerType, validateTemplateDefaults } from './template-defaults';

describe('built-in templates', () => {
  it('are the four of spec §4.5.1', () => {
    expect(BUILT_IN_TEMPLATE_IDS).toEqual(['simple-client', 'site-router', 'service-host', 'hub-node']);
  });

  it.each<[string, string, number | null, number | null, boolean, boolean]>([
    // id, peer type, keepalive, listen port, routes subnets, publishes services
    ['simple-client', 'client', 25, null, false, false],
    ['site-router', 'generic-router', 25, 51820, true, false],
    ['service-host', 'server', 25, null, false, true],
    ['hub-node', 'hub', null, 51820, false, false],
  ])('%s suits a %s', (id, type, keepalive, listenPort, routes, publishes) => {
    const template = findBuiltInTemplate(id)!;
    expect(template).toMatchObject({ peerType: type, builtIn: true });
    expect(template.defaults).toMatchObject({ persistentKeepalive: keepalive, listenPort, routesLocalSubnets: routes, publishesServices: publishes });
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.id, t] as const))('%s passes the validation a custom template gets', (_id, template) => {
    expect(validateCustomTemplate(template)).toEqual({ ...template, builtIn: false });
    expect(validateTemplateDefaults(template.defaults, 'defaults')).toEqual(template.defaults);
  });
});

describe('applyTemplateDefaults', () => {
  it('fills a bare request from the template', () => {
    expect(applyTemplateDefaults('simple-client', { name: 'alice-laptop' })).toEqual({
      name: 'alice-laptop',
      type: 'client',
      listenPort: null,
      persistentKeepalive: 25,
      mtu: null,
      dns: [],
      localSubnets: [],
      templateId: 'simple-client',
    });
  });

  it('lets explicit input win, null included', () => {
    const result = applyTemplateDefaults('hub-node', { name: 'hub', type: 'mikrotik', listenPort: null, persistentKeepalive: 0, mtu: 1380, dns: ['1.1.1.1'] });
    expect(result).toMatchObject({ type: 'mikrotik', listenPort: null, persistentKeepalive: 0, mtu: 1380, dns: ['1.1.1.1'], templateId: 'hub-node' });
  });

  it('routes local subnets by the template unless the request says otherwise', () => {
    const result = applyTemplateDefaults(findBuiltInTemplate('site-router')!, {
      localSubnets: [{ cidr: '192.168.1.0/24' }, { cidr: '192.168.2.0/24', isRouted: false }],
    });
    expect(result.localSubnets).toEqual([
      { cidr: '192.168.1.0/24', isRouted: true },
      { cidr: '192.168.2.0/24', isRouted: false },
    ]);
    expect(applyTemplateDefaults('simple-client', { localSubnets: [{ cidr: '192.168.1.0/24' }] }).localSubnets[0]!.isRouted).toBe(false);
  });

  it('does not change its input', () => {
    const input = Object.freeze({ name: 'x', localSubnets: Object.freeze([Object.freeze({ cidr: '10.1.0.0/16' })]) });
    applyTemplateDefaults('site-router', input);
    expect(input).toEqual({ name: 'x', localSubnets: [{ cidr: '10.1.0.0/16' }] });
  });

  it('takes a custom template object', () => {
    const custom = validateCustomTemplate({ id: 'c1', name: 'Lab box', peerType: 'server', defaults: { mtu: 1280 }, body: '[Interface]\nMTU = {{MTU}}\n' });
    expect(applyTemplateDefaults(custom, {})).toMatchObject({ type: 'server', mtu: 1280, listenPort: null, persistentKeepalive: null, templateId: 'c1' });
  });

  it('refuses an unknown built-in id, listing the known ones', () => {
    const error = thrownDomainError(() => applyTemplateDefaults('road-warrior', {}));
    expect(error.code).toBe('TEMPLATE.NOT_FOUND');
    expect(error.message).toContain('simple-client, site-router, service-host, hub-node');
  });
});

describe('validateCustomTemplate', () => {
  const base = { id: 'c1', name: 'Custom', peerType: 'client', body: '[Interface]\nAddress = {{TUNNEL_IP}}/32\n' };

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a name with a newline', { name: 'a\nb' }, 'name', 'VALIDATION.INVALID_NAME'],
    ['a description with a quote', { description: 'say "hi"' }, 'description', 'VALIDATION.INVALID_DESCRIPTION'],
    ['an unknown peer type', { peerType: 'toaster' }, 'peerType', 'VALIDATION.INVALID_PEER_TYPE'],
    ['a bad keepalive', { defaults: { persistentKeepalive: -1 } }, 'defaults.persistentKeepalive', 'VALIDATION.INVALID_KEEPALIVE'],
    ['a bad listen port', { defaults: { listenPort: 0 } }, 'defaults.listenPort', 'VALIDATION.INVALID_PORT'],
    ['a bad MTU', { defaults: { mtu: 100 } }, 'defaults.mtu', 'VALIDATION.INVALID_MTU'],
    ['bad DNS', { defaults: { dns: ['8.8.8.8; reboot'] } }, 'defaults.dns[0]', 'VALIDATION.INVALID_IPV4'],
    ['a non-boolean flag', { defaults: { routesLocalSubnets: 'yes' } }, 'defaults.routesLocalSubnets', 'TEMPLATE.INVALID_BODY'],
    ['defaults that are no object', { defaults: [] }, 'defaults', 'TEMPLATE.INVALID_BODY'],
    ['an unknown variable', { body: 'MTU = {{MTUU}}' }, 'body', 'TEMPLATE.UNKNOWN_VARIABLE'],
  ])('rejects %s', (_label, change, field, code) => {
    const error = thrownDomainError(() => validateCustomTemplate({ ...base, ...change } as Parameters<typeof validateCustomTemplate>[0]));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
  });

  it('fills missing defaults as "unset"', () => {
    expect(validateTemplateDefaults({}, 'defaults')).toEqual({
      persistentKeepalive: null,
      listenPort: null,
      mtu: null,
      dns: [],
      routesLocalSubnets: false,
      publishesServices: false,
    });
    expect(validatePeerType('hub', 'type')).toBe('hub');
  });
});
