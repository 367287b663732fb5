#!/bin/sh
# WAN Overlay Manager agent installer. The control plane serves it with its own address filled
# in, so one line installs, enrolls and starts the agent on a Linux box:
#
#   curl -fsSL https://wom.example.com/install/agent.sh | sudo sh -s -- --token <token>
#
# Run again, it upgrades the agent and keeps its identity. --uninstall removes it again.
# Keys are made on this box and never leave it. Options: see usage() below.
set -eu

SERVER='@WOM_SERVER@'
# Filled in by a control plane with a self-signed certificate: the SHA-256 of its public key.
PIN='@WOM_PIN@'
TOKEN=''
INTERFACE=''
CA_CERT=''
ROOT=''
WAIT_SECONDS=20
ACTION='install'
PURGE=0

usage() {
  cat <<EOF
usage: install.sh --token TOKEN [options]        install, enroll and start the agent
       install.sh [options]                      upgrade an installed agent (keeps its identity)
       install.sh --uninstall [--purge]          remove the agent (--purge: its identity too)

  --token TOKEN     the enrollment token an operator made in the console
  --server URL      the control plane (default: $SERVER)
  --interface NAME  the local name of the WireGuard interface (default: the WAN's)
  --ca-cert FILE    trust this CA for the control plane's certificate
  --pin sha256//B64 accept only this public key from the control plane, instead of a CA
                    (for its self-signed certificate; default: ${PIN:-none})
  --wait SECONDS    how long to wait for the first handshake at the end (default: 20)
  --root DIR        install under DIR instead of / (image builds and tests)
EOF
}

say() { printf 'wom-agent install: %s\n' "$*"; }
fail() { printf 'wom-agent install: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --token) TOKEN="${2:-}"; shift 2 ;;
    --server) SERVER="${2:-}"; shift 2 ;;
    --interface) INTERFACE="${2:-}"; shift 2 ;;
    --ca-cert) CA_CERT="${2:-}"; shift 2 ;;
    --pin) PIN="${2:-}"; shift 2 ;;
    --wait) WAIT_SECONDS="${2:-}"; shift 2 ;;
    --root) ROOT="${2:-}"; shift 2 ;;
    --uninstall) ACTION='uninstall'; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option \"$1\"." ;;
  esac
done

case "$SERVER" in
  http://*|https://*) SERVER="${SERVER%/}" ;;
  *) fail "--server must be the control plane's http:// or https:// address (this script was not served by one)." ;;
esac
BIN="$ROOT/usr/local/bin/wom-agent"
UNIT="$ROOT/etc/systemd/system/wom-agent.service"
DEFAULTS="$ROOT/etc/default/wom-agent"
DOC="$ROOT/usr/share/doc/wom-agent/agent.md"
STATE="$ROOT/var/lib/wom-agent"

[ "$(id -u)" -eq 0 ] || fail "run it as root: the agent manages network interfaces. Use: curl -fsSL $SERVER/install/agent.sh | sudo sh -s -- --token <token>"
case "$WAIT_SECONDS" in ''|*[!0-9]*) fail "--wait must be a number of seconds." ;; esac
if [ -n "$PIN" ]; then
  printf '%s' "$PIN" | grep -Eq '^sha256//[A-Za-z0-9+/]{43}=$' || fail "--pin must be sha256// and the 44-character base64 SHA-256 of the control plane's public key, as its install command shows."
  case "$SERVER" in https://*) ;; *) fail "--pin checks an HTTPS control plane's key, but the server is $SERVER." ;; esac
fi
if [ -n "$INTERFACE" ]; then
  printf '%s' "$INTERFACE" | grep -Eq '^[A-Za-z0-9_=+.-]{1,15}$' || fail "--interface must be 1-15 letters, digits or _=+.- (a Linux interface name)."
fi

have() { command -v "$1" >/dev/null 2>&1; }

# systemd is the edge of what this script drives; without it, it says how to run the agent by hand.
systemd_here() { have systemctl && { [ -n "$ROOT" ] || [ -d /run/systemd/system ]; }; }

stop_service() {
  if systemd_here; then systemctl disable --now wom-agent.service >/dev/null 2>&1 || true; fi
}

if [ "$ACTION" = 'uninstall' ]; then
  stop_service
  if [ -x "$BIN" ]; then
    if [ "$PURGE" -eq 1 ]; then "$BIN" uninstall --state-dir "$STATE" --purge; else "$BIN" uninstall --state-dir "$STATE"; fi
  elif [ "$PURGE" -eq 1 ]; then
    rm -rf "$STATE"
  fi
  rm -f "$UNIT" "$DEFAULTS" "$BIN"
  rm -rf "$ROOT/usr/share/doc/wom-agent"
  if systemd_here; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
  if [ "$PURGE" -eq 1 ]; then say "removed the agent and its identity."; else say "removed the agent; its identity stays in $STATE (--purge deletes it)."; fi
  exit 0
fi

# --- already enrolled? ----------------------------------------------------------------------
# Decided before anything is downloaded: a box enrolled elsewhere is refused at once.
ENROLLED=0
if [ -f "$STATE/identity.json" ]; then
  enrolled_with=$(sed -n 's/^ *"server": *"\([^"]*\)".*/\1/p' "$STATE/identity.json")
  [ "${enrolled_with%/}" = "$SERVER" ] || fail "this box is already enrolled with another control plane ($enrolled_with). To move it, run: sh install.sh --uninstall --purge (with the old control plane's script), then install again."
  ENROLLED=1
elif [ -z "$TOKEN" ]; then
  fail "--token is required for a first install. An operator makes one in the console (Agents, or the peer's page)."
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# One sentence per way a download fails: the user learns the cause and the fix, not an exit code.
# fetch sets FETCH_ERROR and returns non-zero; download stops the installer with it.
FETCH_ERROR=''
fetch() { # url file
  url=$1 file=$2
  if have curl; then
    # A pinned key stands in for a CA: curl skips the chain (-k) but refuses any other key.
    if [ -n "$PIN" ]; then set -- --insecure --pinnedpubkey "$PIN"
    elif [ -n "$CA_CERT" ]; then set -- --cacert "$CA_CERT"
    else set --; fi
    status=0
    code=$(curl -sS -L --compressed --proto '=https,http' --connect-timeout 15 --retry 2 -w '%{http_code}' -o "$file" "$@" "$url" 2>"$WORK/curl.err") || status=$?
    if [ "$status" -eq 90 ] && [ -n "$PIN" ]; then
      FETCH_ERROR="the control plane at $SERVER presented a key that does not match the pin $PIN: this is not the control plane the install command came from, or its key was replaced. Nothing was installed."
      return 1
    fi
    case "$status" in
      0) ;;
      60|35|51|58|77|83|90|91) FETCH_ERROR="the control plane at $SERVER presented a certificate this box does not trust. Install its CA certificate (e.g. into /usr/local/share/ca-certificates, then update-ca-certificates) or pass --ca-cert FILE."; return 1 ;;
      6) FETCH_ERROR="cannot resolve the control plane's host name in $SERVER. Check the address and this box's DNS."; return 1 ;;
      7|28) FETCH_ERROR="cannot reach the control plane at $SERVER. Check the address, and that this box reaches it (firewall, routing, PUBLIC_URL on the control plane)."; return 1 ;;
      *) FETCH_ERROR="downloading $url failed: $(cat "$WORK/curl.err")"; return 1 ;;
    esac
    case "$code" in
      2??) ;;
      *) FETCH_ERROR="the control plane answered HTTP $code for $url. Is $SERVER the control plane, and does it have the agent built?"; return 1 ;;
    esac
  elif [ -n "$PIN" ]; then
    FETCH_ERROR="checking the control plane's key (--pin) needs curl; install curl, then run this again."
    return 1
  elif have wget; then
    if [ -n "$CA_CERT" ]; then set -- --ca-certificate="$CA_CERT"; else set --; fi
    wget -q -O "$file" "$@" "$url" 2>"$WORK/wget.err" || { FETCH_ERROR="downloading $url failed: check that this box reaches $SERVER and trusts its certificate."; return 1; }
  else
    FETCH_ERROR="neither curl nor wget is installed; install one of them, then run this again."
    return 1
  fi
}
download() { fetch "$1" "$2" || fail "$FETCH_ERROR"; }

# A pinned control plane is checked before anything changes on this box: a wrong key stops here.
if [ -n "$PIN" ]; then download "$SERVER/install/wom-agent-linux-x64.sha256" "$WORK/wom-agent.sha256"; fi

# --- what this box is ---------------------------------------------------------------------
OS_ID='unknown'
OS_LIKE=''
if [ -r "$ROOT/etc/os-release" ]; then
  # shellcheck disable=SC1091
  OS_ID=$(. "$ROOT/etc/os-release" && printf '%s' "${ID:-unknown}")
  # shellcheck disable=SC1091
  OS_LIKE=$(. "$ROOT/etc/os-release" && printf '%s' "${ID_LIKE:-}")
fi
case " $OS_ID $OS_LIKE " in
  *' debian '*|*' ubuntu '*) FAMILY='apt' ;;
  *' rhel '*|*' fedora '*|*' centos '*|*' rocky '*|*' almalinux '*) FAMILY='dnf' ;;
  *) FAMILY='' ;;
esac

ARCH=$(uname -m)
[ "$ARCH" = 'x86_64' ] || fail "this control plane serves the agent for x86_64 only, and this box is $ARCH. Run the wom-agent.mjs bundle ($SERVER/install/wom-agent.mjs) with Node.js 20 or later instead; see $SERVER/install/agent.md."

# The tools the agent drives, by command, with the package that brings each.
missing=''
need() { have "$1" || missing="$missing $2"; }
need wg wireguard-tools
need nft nftables
need ip iproute2
if [ "$FAMILY" = 'dnf' ]; then need sysctl procps-ng; else need sysctl procps; fi
# The kernel module is preferred; wireguard-go stands in where the kernel has none.
if ! { [ -d /sys/module/wireguard ] || modprobe -n wireguard >/dev/null 2>&1; }; then need wireguard-go wireguard-go; fi

if [ -n "$missing" ]; then
  case "$FAMILY" in
    apt)
      say "installing$missing"
      apt-get update -qq >/dev/null || fail "apt-get update failed; install$missing yourself, then run this again."
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || fail "apt-get could not install$missing; install them yourself, then run this again."
      ;;
    dnf)
      say "installing$missing"
      pm=dnf; have dnf || pm=yum
      # shellcheck disable=SC2086
      $pm install -y -q $missing >/dev/null || fail "$pm could not install$missing (wireguard-go may need EPEL); install them yourself, then run this again."
      ;;
    *)
      fail "this box runs \"$OS_ID\", which the installer does not know how to install packages on. Install these with your package manager, then run it again:$missing"
      ;;
  esac
fi
if have modprobe; then modprobe wireguard >/dev/null 2>&1 || true; fi

# --- download and check the agent ---------------------------------------------------------


download "$SERVER/install/wom-agent-linux-x64.sha256" "$WORK/wom-agent.sha256"
download "$SERVER/install/wom-agent-linux-x64" "$WORK/wom-agent"
expected=$(cut -d ' ' -f 1 "$WORK/wom-agent.sha256")
actual=$(sha256sum "$WORK/wom-agent" | cut -d ' ' -f 1)
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then fail "the downloaded agent does not match its checksum (expected ${expected:-none}, got $actual): it was altered or cut short on the way. Nothing was installed; run the installer again, and if it keeps failing look for a proxy that rewrites downloads."; fi
chmod 0755 "$WORK/wom-agent"
version=$("$WORK/wom-agent" --version) || fail "the downloaded agent does not run on this box."

# The agent's own HTTPS client trusts what curl trusted: the pinned key, the given CA, else the system's store.
if [ -n "$PIN" ]; then :
elif [ -n "$CA_CERT" ]; then NODE_EXTRA_CA_CERTS="$CA_CERT"; export NODE_EXTRA_CA_CERTS
else
  for bundle in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
    if [ -r "$bundle" ]; then NODE_EXTRA_CA_CERTS="$bundle"; export NODE_EXTRA_CA_CERTS; break; fi
  done
fi

# --- enroll, unless this box already is ---------------------------------------------------
if [ "$ENROLLED" -eq 1 ]; then
  say "already enrolled with $SERVER; upgrading to $version and keeping the identity."
else
  # Enrolling before installing means a refused token leaves nothing behind: enroll writes nothing on refusal.
  if [ -n "$PIN" ]; then set -- --pin "$PIN"; else set --; fi
  "$WORK/wom-agent" enroll --server "$SERVER" --token "$TOKEN" --state-dir "$STATE" "$@" || fail "enrollment failed (see above); nothing was installed."
fi

# --- install and start --------------------------------------------------------------------
mkdir -p "$(dirname "$BIN")" "$(dirname "$UNIT")" "$(dirname "$DOC")" "$(dirname "$DEFAULTS")"
# Replaced by rename, so a running agent keeps its old file until it restarts.
cp "$WORK/wom-agent" "$BIN.new" && chmod 0755 "$BIN.new" && mv -f "$BIN.new" "$BIN"
fetch "$SERVER/install/agent.md" "$DOC" || printf 'See %s/install/agent.md\n' "$SERVER" >"$DOC"
if [ -n "$INTERFACE" ] || [ ! -f "$DEFAULTS" ]; then
  args=''
  [ -n "$INTERFACE" ] && args="--interface $INTERFACE"
  printf '# Options for wom-agent run, written by the installer.\nWOM_AGENT_ARGS="%s"\n' "$args" >"$DEFAULTS"
fi
cat >"$UNIT" <<'UNIT_EOF'
@WOM_AGENT_UNIT@
UNIT_EOF
chmod 0644 "$UNIT" "$DEFAULTS" "$DOC"

if systemd_here; then
  systemctl daemon-reload
  systemctl enable wom-agent.service >/dev/null 2>&1
  systemctl restart wom-agent.service || fail "the service did not start; see: journalctl -u wom-agent"
  say "$version installed and running."
  "$BIN" status --state-dir "$STATE" --wait "$WAIT_SECONDS" || true
else
  say "$version installed, but systemd is not running here. Start the agent yourself: $BIN run --state-dir $STATE"
fi
