import { invalid } from '../validation/validation.util';
import { hostKind, parseEndpoint, validateEndpointHost } from '../validation/endpoint.validator';
import { validateCidr, validateDnsServers, validateIpv4, validateKeepalive, validateMtu, validatePort } from '../validation/network.validator';
import { validateWireGuardKey } from '../validation/wireguard-key.validator';
import { isCommentLine, validateTemplateBody } from './template-body.validator';
import { TEMPLATE_VARIABLES, type TemplateValues, type TemplateVariable } from './template.model';

/** Free text in a comment is cut here, so a 10k-character name cannot bloat the file. */
export const TEMPLATE_TEXT_MAX_LENGTH = 120;

/** Letters, digits, marks, punctuation, symbols and plain spaces of any script survive; the rest becomes `?`. */
const UNSAFE_TEXT_CHAR = /[^\p{L}\p{N}\p{M}\p{P}\p{S} ]/gu;
/** The only lines `{{PEERS}}` may expand to: what renderWgQuick writes for a peer. */
const PEER_SECTION_LINE = /^(?:|\[Peer\]|# [^\n]*|(?:PublicKey|PresharedKey|Endpoint|AllowedIPs|PersistentKeepalive) = [A-Za-z0-9+/=.:,[\] -]+)$/;
const UNSAFE_LINE_CHAR = /[^\p{L}\p{N}\p{M}\p{P}\p{S} ]/u;
const HOOK_LINE = /^\s*(PreUp|PostUp|PreDown|PostDown)\s*=/im;
const PLACEHOLDER = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/**
 * Renders a template body with a peer's values. The body is validated again first (a
 * stored template is re-checked on use, so one saved under older rules fails closed), and
 * every value is validated by the domain validators before it is written:
 * - structural values (addresses, keys, ports, endpoint, `[Peer]` sections) that fail
 *   throw the validator's DomainError, naming `values.<VARIABLE>`;
 * - free text (`PEER_NAME`, `WAN_NAME`) is neutralised instead: line breaks, controls and
 *   invisible characters become `?`, and it is cut to 120 characters. The body validator
 *   already keeps it on comment lines.
 *
 * A missing value (undefined, null or an empty list) renders as `<NAME not set>`, and a
 * setting line holding one is commented out, so wg-quick never reads a half-filled
 * setting and a reader sees what is missing: `ListenPort = {{LISTEN_PORT}}` for a roaming
 * client becomes `# ListenPort = <LISTEN_PORT not set>`.
 *
 * @example renderTemplate('Address = {{TUNNEL_IP}}/32', { TUNNEL_IP: '10.0.0.2' }) // 'Address = 10.0.0.2/32\n'
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  const text = validateTemplateBody(body, 'body');
  const formatted = formatValues(values);
  const lines = text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => {
      let missing = false;
      const rendered = line.replace(PLACEHOLDER, (_match, name: string) => {
        const value = formatted.get(name as TemplateVariable);
        if (value !== undefined) return value;
        missing = true;
        return `<${name} not set>`;
      });
      return missing && !isCommentLine(line) ? `# ${rendered}` : rendered;
    });
  const output = `${lines.join('\n')}\n`;
  // Second wall: nothing above can produce a hook, and this proves it on every render.
  if (HOOK_LINE.test(output)) throw invalid('TEMPLATE.FORBIDDEN_DIRECTIVE', 'body', 'The rendered template contains a shell hook; refusing to emit it.');
  return output;
}

/**
 * Cleans free text for a `#` comment: a line break would end the comment and start a new
 * setting or section, and controls or bidi marks could hide what a reviewer reads.
 * Example: `"a\n[Peer]"` → `"a?[Peer]"`; `"Zürich-Büro"` is unchanged.
 */
export function neutraliseTemplateText(text: string, maxLength = TEMPLATE_TEXT_MAX_LENGTH): string {
  const characters = Array.from(text.replace(UNSAFE_TEXT_CHAR, '?'));
  const cut = characters.length > maxLength ? `${characters.slice(0, maxLength - 3).join('')}...` : characters.join('');
  return cut.trim();
}

/**
 * The `[Peer]` sections of a wg-quick file (everything from the first `[Peer]` on), ready to
 * be passed as `PEERS`. Example: `peerSectionsOf(renderWgQuick(state))`.
 */
export function peerSectionsOf(wgQuickText: string): string {
  const start = wgQuickText.search(/^\[Peer\]$/m);
  return start < 0 ? '' : wgQuickText.slice(start).replace(/\n+$/, '');
}

function formatValues(values: TemplateValues): Map<TemplateVariable, string> {
  const formatted = new Map<TemplateVariable, string>();
  for (const variable of TEMPLATE_VARIABLES) {
    const value: unknown = values[variable];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    const text = formatValue(variable, value, `values.${variable}`);
    if (text !== '') formatted.set(variable, text);
  }
  return formatted;
}

function formatValue(variable: TemplateVariable, value: unknown, field: string): string {
  switch (variable) {
    case 'PEER_NAME':
    case 'WAN_NAME':
      return neutraliseTemplateText(typeof value === 'string' ? value : String(value));
    case 'TUNNEL_IP':
    case 'SHARED_SERVICE_IP':
      return validateIpv4(value, field);
    case 'TUNNEL_RANGE':
    case 'SHARED_SERVICES_RANGE':
      return validateCidr(value, field);
    case 'LOCAL_SUBNETS':
      return listOf(value, field, validateCidr).join(', ');
    case 'DNS':
      return validateDnsServers(value, field).join(', ');
    case 'PUBLIC_KEY':
    case 'PRIVATE_KEY':
      return validateWireGuardKey(value, field);
    case 'ENDPOINT':
      return formatEndpoint(value, field);
    case 'LISTEN_PORT':
      return String(validatePort(value, field));
    case 'MTU':
      return String(validateMtu(value, field));
    case 'KEEPALIVE':
      return String(validateKeepalive(value, field));
    case 'PEERS':
      return validatePeerSections(value, field);
  }
}

function listOf(value: unknown, field: string, validate: (entry: unknown, field: string) => string): string[] {
  if (!Array.isArray(value)) throw invalid('VALIDATION.INVALID_CIDR', field, `${field} must be a list of IPv4 networks like ["192.168.1.0/24"].`);
  return value.map((entry: unknown, index) => validate(entry, `${field}[${index}]`));
}

function formatEndpoint(value: unknown, field: string): string {
  const endpoint =
    typeof value === 'object' && value !== null
      ? {
          host: validateEndpointHost((value as { host?: unknown }).host, `${field}.host`),
          port: validatePort((value as { port?: unknown }).port, `${field}.port`),
        }
      : parseEndpoint(value, field);
  return hostKind(endpoint.host) === 'ipv6' ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/**
 * `[Peer]` sections are the one multi-line value, so each line must be one renderWgQuick
 * writes for a peer: no `[Interface]`, no hooks, no stray settings.
 */
function validatePeerSections(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid('VALIDATION.UNSAFE_TEXT', field, `${field} must be the text of [Peer] sections.`);
  const text = value.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  text.split('\n').forEach((line, index) => {
    if (!PEER_SECTION_LINE.test(line) || UNSAFE_LINE_CHAR.test(line)) {
      throw invalid(
        'VALIDATION.UNSAFE_TEXT',
        field,
        `${field} line ${index + 1} is not part of a [Peer] section; only [Peer], comments, PublicKey, PresharedKey, Endpoint, AllowedIPs and PersistentKeepalive lines are allowed.`,
        { line: index + 1 },
      );
    }
  });
  return text;
}
