import { isIpv4, validateCidr, validateEndpointHost, validateIpv4, validatePort, validateRouterUsername } from '@wom/domain';

export interface RouterOsSetupOptions {
  /** Where the management server connects from: an IPv4 address or network. */
  readonly managementAddress: string;
  /** The address the server uses for the router; goes into the certificate's subject-alt-name. */
  readonly routerAddress: string;
  /** Default `wom-api`. */
  readonly username?: string;
  /** Default `wom-api`. */
  readonly groupName?: string;
  /** www-ssl port, default 443. */
  readonly restPort?: number;
}

/** The policies the engine needs: read/write for the config, api + rest-api for REST, test for ping. */
export const ROUTEROS_REQUIRED_POLICIES = ['read', 'write', 'api', 'rest-api', 'test'] as const;

const FIREWALL_COMMENT = 'WAN Overlay Manager REST API';

/**
 * The RouterOS script an operator pastes into a router's terminal to let the management
 * server in (spec §13.2): a self-signed certificate on www-ssl, the service limited to the
 * server's address, a least-privilege group and user (created disabled, because a password
 * must never travel in a generated script), and an input-chain accept ahead of the router's
 * own drops. Every input is validated, so nothing in the output can end a command or start
 * another; throws the domain's DomainError naming the field otherwise.
 *
 * Example: renderRouterOsSetupScript({ managementAddress: '192.0.2.10', routerAddress: '198.51.100.7' })
 *   → '# WAN Overlay Manager: REST API access for 192.0.2.10/32\n/certificate add name=wom-rest-ca …'
 */
export function renderRouterOsSetupScript(options: RouterOsSetupOptions): string {
  const source = managementNetwork(options.managementAddress);
  const host = validateEndpointHost(options.routerAddress, 'routerAddress');
  const user = validateRouterUsername(options.username ?? 'wom-api', 'username');
  const group = validateRouterUsername(options.groupName ?? 'wom-api', 'groupName');
  const port = validatePort(options.restPort ?? 443, 'restPort');
  const altName = isIpv4(host) || host.includes(':') ? `IP:${host}` : `DNS:${host}`;
  const accept = `chain=input action=accept protocol=tcp dst-port=${port} src-address=${source} comment="${FIREWALL_COMMENT}"`;
  return [
    `# WAN Overlay Manager: REST API access for ${source}`,
    '# 1. A self-signed certificate for the www-ssl service (signing takes a few seconds)',
    '/certificate add name=wom-rest-ca common-name=wom-rest-ca key-usage=key-cert-sign,crl-sign days-valid=3650',
    '/certificate sign wom-rest-ca',
    `/certificate add name=wom-rest common-name="${host}" subject-alt-name="${altName}" days-valid=3650`,
    '/certificate sign wom-rest ca=wom-rest-ca',
    '# 2. HTTPS REST, reachable only from the management server',
    `/ip service set www-ssl certificate=wom-rest port=${port} address=${source} disabled=no`,
    '# 3. A least-privilege group and user, created disabled',
    `/user group add name="${group}" policy=${ROUTEROS_REQUIRED_POLICIES.join(',')} comment="WAN Overlay Manager"`,
    `/user add name="${user}" group="${group}" address=${source} disabled=yes comment="WAN Overlay Manager"`,
    '# Choose a strong password, then enable the user:',
    `#   /user set "${user}" password=<your password> disabled=no`,
    '# 4. Let the management server in, ahead of the input chain\'s drop rules',
    '{',
    '  :local first [:pick [/ip firewall filter find where chain=input] 0]',
    `  :if ([:len $first] > 0) do={ /ip firewall filter add ${accept} place-before=$first } else={ /ip firewall filter add ${accept} }`,
    '}',
    '',
  ].join('\n');
}

/** `192.0.2.10` → `192.0.2.10/32`; a network stays a network. */
function managementNetwork(value: string): string {
  if (typeof value === 'string' && !value.includes('/')) return `${validateIpv4(value, 'managementAddress')}/32`;
  return validateCidr(value, 'managementAddress');
}
