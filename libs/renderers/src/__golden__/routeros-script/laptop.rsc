# WAN-Overlay-Manager: alice-laptop
# Configuration ID: ffeeddccbbaa99887766554433221100
# Generated: 2025-01-01T00:00:00Z
# Managed rows: comment starts with WAN-Overlay-Manager:530b2d58-f6f5-8
#
# IMPORTANT: Review this script before applying it (/import file-name=<this file>).
# It is non-destructive: it adds, sets and removes only rows whose comment carries the
# prefix above, and leaves every other row as it is. Running it twice changes nothing.

# Step 1: remove rows of this configuration that are no longer wanted (NAT first).
{
  :local keep [:toarray ""]
  :foreach i in=[/ip firewall nat find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/ip firewall nat get $i comment]]] = "nil") do={
      /ip firewall nat remove $i
    }
  }
}
{
  :local keep [:toarray ""]
  :foreach i in=[/ip firewall filter find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/ip firewall filter get $i comment]]] = "nil") do={
      /ip firewall filter remove $i
    }
  }
}
{
  :local keep [:toarray ""]
  :foreach i in=[/ip firewall address-list find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/ip firewall address-list get $i comment]]] = "nil") do={
      /ip firewall address-list remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:530b2d58-f6f5-8352-a075-9934ec5e682b";"WAN-Overlay-Manager:530b2d58-f6f5-8b3d-aca7-7d6157ddc6b6";"WAN-Overlay-Manager:530b2d58-f6f5-8d92-af70-218b303ff5ba";"WAN-Overlay-Manager:530b2d58-f6f5-8db3-b335-c5fb9d5d3341";"WAN-Overlay-Manager:530b2d58-f6f5-8431-94a2-ae8ec430d24c"}
  :foreach i in=[/ip route find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/ip route get $i comment]]] = "nil") do={
      /ip route remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:530b2d58-f6f5-89a2-937b-1415d87b32fc"}
  :foreach i in=[/ip address find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/ip address get $i comment]]] = "nil") do={
      /ip address remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:530b2d58-f6f5-8d11-be4b-259ef4b7ee13"}
  :foreach i in=[/interface wireguard peers find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard peers get $i comment]]] = "nil") do={
      /interface wireguard peers remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:530b2d58-f6f5-83cf-86cd-032d701a9540"}
  :foreach i in=[/interface wireguard find where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard get $i comment]]] = "nil") do={
      /interface wireguard remove $i
    }
  }
}

# Step 2: /interface wireguard
# WireGuard interface wg-wan-overlay
{
  :local id [/interface wireguard find where comment="WAN-Overlay-Manager:530b2d58-f6f5-83cf-86cd-032d701a9540"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard find where name="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard already has an unmanaged row with name=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /interface wireguard add name="wg-wan-overlay" mtu="1380" comment="WAN-Overlay-Manager:530b2d58-f6f5-83cf-86cd-032d701a9540"
  } else={
    /interface wireguard set $id name="wg-wan-overlay" mtu="1380" disabled="no"
  }
}

# Step 3: /interface wireguard peers
# WireGuard peer hq-hub
{
  :local id [/interface wireguard peers find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8d11-be4b-259ef4b7ee13"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard peers find where interface="wg-wan-overlay" and public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg="]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard peers already has an unmanaged row with interface=wg-wan-overlay public-key=iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=; rename or remove it, then run this script again."
    }
    /interface wireguard peers add interface="wg-wan-overlay" public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=" allowed-address="10.0.0.0/24,10.0.5.0/24,172.16.0.0/24,192.168.10.0/24,192.168.50.0/24" endpoint-address="198.51.100.1" endpoint-port="51820" persistent-keepalive="25s" comment="WAN-Overlay-Manager:530b2d58-f6f5-8d11-be4b-259ef4b7ee13"
  } else={
    /interface wireguard peers set $id interface="wg-wan-overlay" public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=" allowed-address="10.0.0.0/24,10.0.5.0/24,172.16.0.0/24,192.168.10.0/24,192.168.50.0/24" endpoint-address="198.51.100.1" endpoint-port="51820" persistent-keepalive="25s" disabled="no"
  }
}

# Step 4: /ip address
# Address 10.0.0.3/32 on wg-wan-overlay
{
  :local id [/ip address find where comment="WAN-Overlay-Manager:530b2d58-f6f5-89a2-937b-1415d87b32fc"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip address find where address="10.0.0.3/32" and interface="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip address already has an unmanaged row with address=10.0.0.3/32 interface=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /ip address add address="10.0.0.3/32" interface="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-89a2-937b-1415d87b32fc"
  } else={
    /ip address set $id address="10.0.0.3/32" interface="wg-wan-overlay" disabled="no"
  }
}

# Step 5: /ip route
# Route 10.0.0.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8352-a075-9934ec5e682b"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.0.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-8352-a075-9934ec5e682b"
  } else={
    /ip route set $id dst-address="10.0.0.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 10.0.5.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8b3d-aca7-7d6157ddc6b6"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.5.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-8b3d-aca7-7d6157ddc6b6"
  } else={
    /ip route set $id dst-address="10.0.5.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 172.16.0.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8d92-af70-218b303ff5ba"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="172.16.0.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-8d92-af70-218b303ff5ba"
  } else={
    /ip route set $id dst-address="172.16.0.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 192.168.10.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8db3-b335-c5fb9d5d3341"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="192.168.10.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-8db3-b335-c5fb9d5d3341"
  } else={
    /ip route set $id dst-address="192.168.10.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 192.168.50.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:530b2d58-f6f5-8431-94a2-ae8ec430d24c"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="192.168.50.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:530b2d58-f6f5-8431-94a2-ae8ec430d24c"
  } else={
    /ip route set $id dst-address="192.168.50.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}

# Step 9: verify.
:put "WAN-Overlay-Manager: configuration for alice-laptop applied. Check the peer handshakes below."
/interface wireguard print where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"
/interface wireguard peers print where comment~"^WAN-Overlay-Manager:530b2d58-f6f5-8"
