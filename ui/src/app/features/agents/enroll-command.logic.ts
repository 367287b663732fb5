/**
 * The agent's install script run against this control plane (it installs the tools, enrolls
 * and starts the service), quoted for a POSIX shell.
 *
 * Example: `enrollCommand('https://noc.example.com', 'wom_et_abc')`
 * → `sudo ./install.sh --server 'https://noc.example.com' --token 'wom_et_abc'`.
 */
export function enrollCommand(server: string, token: string): string {
  return `sudo ./install.sh --server ${shellQuote(server)} --token ${shellQuote(token)}`;
}

/** Single-quotes a value for sh; a quote inside becomes '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
