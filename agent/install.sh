#!/usr/bin/env bash
# Installs the WAN Overlay Manager agent on a Debian or Ubuntu box and enrolls it:
#
#   sudo ./install.sh --server https://wom.example.com --token <enrollment token>
#
# It installs the tools the agent drives (wg, wireguard-go where the kernel lacks the
# module, nft, ip) and Node.js when missing, copies dist/wom-agent.mjs and the systemd unit,
# enrolls (keys are made on this box and never leave it), then starts the service.
set -euo pipefail

server=""
token=""
bundle="$(dirname "$0")/dist/wom-agent.mjs"
unit="$(dirname "$0")/systemd/wom-agent.service"

usage() { echo "usage: $0 --server URL --token TOKEN [--bundle path/to/wom-agent.mjs]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --server) server="${2:-}"; shift 2 ;;
    --token) token="${2:-}"; shift 2 ;;
    --bundle) bundle="${2:-}"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$server" ] && [ -n "$token" ] || usage
[ "$(id -u)" -eq 0 ] || { echo "install.sh must run as root" >&2; exit 1; }
[ -f "$bundle" ] || { echo "no agent bundle at $bundle; build it with: node agent/build.mjs" >&2; exit 1; }

packages=()
command -v wg >/dev/null || packages+=(wireguard-tools)
command -v nft >/dev/null || packages+=(nftables)
command -v ip >/dev/null || packages+=(iproute2)
command -v node >/dev/null || packages+=(nodejs)
# The kernel module is preferred; wireguard-go stands in where the kernel has none.
if ! modprobe -n wireguard 2>/dev/null && ! command -v wireguard-go >/dev/null; then packages+=(wireguard-go); fi
if [ ${#packages[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || { echo "the agent needs Node.js 20 or later; found $(node --version)" >&2; exit 1; }

install -d -m 0755 /usr/lib/wom-agent
install -m 0644 "$bundle" /usr/lib/wom-agent/wom-agent.mjs
install -m 0644 "$unit" /etc/systemd/system/wom-agent.service
install -d -m 0700 /var/lib/wom-agent

if [ ! -f /var/lib/wom-agent/identity.json ]; then
  node /usr/lib/wom-agent/wom-agent.mjs enroll --server "$server" --token "$token" --state-dir /var/lib/wom-agent
fi
systemctl daemon-reload
systemctl enable --now wom-agent.service
echo "wom-agent is running; check it with: node /usr/lib/wom-agent/wom-agent.mjs status"
