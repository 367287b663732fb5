# WAN-Overlay-Manager: hq-hub
# Configuration ID: 3f1e0c8a9b7d6e5f4a3b2c1d0e9f8a7b
# Generated: 2025-01-01T00:00:00Z
# Managed rows: comment starts with WAN-Overlay-Manager:c04e3f53-e374-8
#
# IMPORTANT: Review this script before applying it (/import file-name=<this file>).
# It is non-destructive: it adds, sets and removes only rows whose comment carries the
# prefix above, and leaves every other row as it is. Running it twice changes nothing.

# Step 1: remove rows of this configuration that are no longer wanted (NAT first).
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-8ca5-b921-1315c5cd0f09";"WAN-Overlay-Manager:c04e3f53-e374-8b37-9a52-e753c66a6300"}
  :foreach i in=[/ip firewall nat find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/ip firewall nat get $i comment]]] = "nil") do={
      /ip firewall nat remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-8bde-8523-83aa59f47bc2";"WAN-Overlay-Manager:c04e3f53-e374-89ac-8eab-e087f941306a";"WAN-Overlay-Manager:c04e3f53-e374-8a75-9ad6-53fa3403e749";"WAN-Overlay-Manager:c04e3f53-e374-811b-ad2a-a314418630f3";"WAN-Overlay-Manager:c04e3f53-e374-8ac9-ade0-bc2ca0f2da68"}
  :foreach i in=[/ip firewall filter find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/ip firewall filter get $i comment]]] = "nil") do={
      /ip firewall filter remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-800a-95bd-fe5ec8348a5a"}
  :foreach i in=[/ip firewall address-list find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/ip firewall address-list get $i comment]]] = "nil") do={
      /ip firewall address-list remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-85f7-a591-98604da71472";"WAN-Overlay-Manager:c04e3f53-e374-8eb6-aceb-00988fc04d16";"WAN-Overlay-Manager:c04e3f53-e374-8a0f-aaee-5a07281b705d";"WAN-Overlay-Manager:c04e3f53-e374-8ae2-a93c-4770d81a27fe"}
  :foreach i in=[/ip route find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/ip route get $i comment]]] = "nil") do={
      /ip route remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-8fc8-a444-6baae4d644a2";"WAN-Overlay-Manager:c04e3f53-e374-878c-9f27-bff6c448232f"}
  :foreach i in=[/ip address find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/ip address get $i comment]]] = "nil") do={
      /ip address remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-8781-8f60-6137c122bd55";"WAN-Overlay-Manager:c04e3f53-e374-8781-aaac-2ff37b283526"}
  :foreach i in=[/interface wireguard peers find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard peers get $i comment]]] = "nil") do={
      /interface wireguard peers remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:c04e3f53-e374-8605-a4d8-ef5799aca647"}
  :foreach i in=[/interface wireguard find where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard get $i comment]]] = "nil") do={
      /interface wireguard remove $i
    }
  }
}

# Step 2: /interface wireguard
# WireGuard interface wg-wan-overlay
{
  :local id [/interface wireguard find where comment="WAN-Overlay-Manager:c04e3f53-e374-8605-a4d8-ef5799aca647"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard find where name="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard already has an unmanaged row with name=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /interface wireguard add name="wg-wan-overlay" listen-port="51820" comment="WAN-Overlay-Manager:c04e3f53-e374-8605-a4d8-ef5799aca647"
  } else={
    /interface wireguard set $id name="wg-wan-overlay" listen-port="51820" mtu="1420" disabled="no"
  }
}

# Step 3: /interface wireguard peers
# WireGuard peer branch-a
{
  :local id [/interface wireguard peers find where comment="WAN-Overlay-Manager:c04e3f53-e374-8781-8f60-6137c122bd55"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard peers find where interface="wg-wan-overlay" and public-key="0xO3dcFP8ZVi1kBtpit9iD4HrpwSEXWZJsqGSudba1M="]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard peers already has an unmanaged row with interface=wg-wan-overlay public-key=0xO3dcFP8ZVi1kBtpit9iD4HrpwSEXWZJsqGSudba1M=; rename or remove it, then run this script again."
    }
    /interface wireguard peers add interface="wg-wan-overlay" public-key="0xO3dcFP8ZVi1kBtpit9iD4HrpwSEXWZJsqGSudba1M=" allowed-address="10.0.0.2/32,10.0.5.10/32,172.16.0.0/24,192.168.10.0/24" endpoint-address="203.0.113.10" endpoint-port="13231" comment="WAN-Overlay-Manager:c04e3f53-e374-8781-8f60-6137c122bd55"
  } else={
    /interface wireguard peers set $id interface="wg-wan-overlay" public-key="0xO3dcFP8ZVi1kBtpit9iD4HrpwSEXWZJsqGSudba1M=" allowed-address="10.0.0.2/32,10.0.5.10/32,172.16.0.0/24,192.168.10.0/24" endpoint-address="203.0.113.10" endpoint-port="13231" persistent-keepalive="0s" disabled="no"
  }
}
# WireGuard peer alice-laptop
{
  :local id [/interface wireguard peers find where comment="WAN-Overlay-Manager:c04e3f53-e374-8781-aaac-2ff37b283526"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard peers find where interface="wg-wan-overlay" and public-key="+mDHIjhWgjDJsVfYZdIOvFS5ZmYW1sTp9cIt/cwjqXQ="]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard peers already has an unmanaged row with interface=wg-wan-overlay public-key=+mDHIjhWgjDJsVfYZdIOvFS5ZmYW1sTp9cIt/cwjqXQ=; rename or remove it, then run this script again."
    }
    /interface wireguard peers add interface="wg-wan-overlay" public-key="+mDHIjhWgjDJsVfYZdIOvFS5ZmYW1sTp9cIt/cwjqXQ=" allowed-address="10.0.0.3/32" comment="WAN-Overlay-Manager:c04e3f53-e374-8781-aaac-2ff37b283526"
  } else={
    /interface wireguard peers set $id interface="wg-wan-overlay" public-key="+mDHIjhWgjDJsVfYZdIOvFS5ZmYW1sTp9cIt/cwjqXQ=" allowed-address="10.0.0.3/32" endpoint-address="" endpoint-port="0" persistent-keepalive="0s" disabled="no"
  }
}

# Step 4: /ip address
# Address 10.0.0.1/32 on wg-wan-overlay
{
  :local id [/ip address find where comment="WAN-Overlay-Manager:c04e3f53-e374-8fc8-a444-6baae4d644a2"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip address find where address="10.0.0.1/32" and interface="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip address already has an unmanaged row with address=10.0.0.1/32 interface=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /ip address add address="10.0.0.1/32" interface="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8fc8-a444-6baae4d644a2"
  } else={
    /ip address set $id address="10.0.0.1/32" interface="wg-wan-overlay" disabled="no"
  }
}
# Address 10.0.5.1/32 on wg-wan-overlay
{
  :local id [/ip address find where comment="WAN-Overlay-Manager:c04e3f53-e374-878c-9f27-bff6c448232f"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip address find where address="10.0.5.1/32" and interface="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip address already has an unmanaged row with address=10.0.5.1/32 interface=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /ip address add address="10.0.5.1/32" interface="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-878c-9f27-bff6c448232f"
  } else={
    /ip address set $id address="10.0.5.1/32" interface="wg-wan-overlay" disabled="no"
  }
}

# Step 5: /ip route
# Route 10.0.0.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:c04e3f53-e374-85f7-a591-98604da71472"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.0.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-85f7-a591-98604da71472"
  } else={
    /ip route set $id dst-address="10.0.0.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 10.0.5.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:c04e3f53-e374-8eb6-aceb-00988fc04d16"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.5.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8eb6-aceb-00988fc04d16"
  } else={
    /ip route set $id dst-address="10.0.5.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 172.16.0.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:c04e3f53-e374-8a0f-aaee-5a07281b705d"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="172.16.0.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8a0f-aaee-5a07281b705d"
  } else={
    /ip route set $id dst-address="172.16.0.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 192.168.10.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:c04e3f53-e374-8ae2-a93c-4770d81a27fe"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="192.168.10.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8ae2-a93c-4770d81a27fe"
  } else={
    /ip route set $id dst-address="192.168.10.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}

# Step 6: /ip firewall address-list
# Local destination 192.168.50.0/24 in list wom-wg-wan-overlay
{
  :local id [/ip firewall address-list find where comment="WAN-Overlay-Manager:c04e3f53-e374-800a-95bd-fe5ec8348a5a"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip firewall address-list find where list="wom-wg-wan-overlay" and address="192.168.50.0/24"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip firewall address-list already has an unmanaged row with list=wom-wg-wan-overlay address=192.168.50.0/24; rename or remove it, then run this script again."
    }
    /ip firewall address-list add list="wom-wg-wan-overlay" address="192.168.50.0/24" comment="WAN-Overlay-Manager:c04e3f53-e374-800a-95bd-fe5ec8348a5a"
  } else={
    /ip firewall address-list set $id list="wom-wg-wan-overlay" address="192.168.50.0/24" disabled="no"
  }
}

# Step 7: /ip firewall filter
# Accept WAN traffic from wg-wan-overlay to local destinations
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:c04e3f53-e374-8bde-8523-83aa59f47bc2"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" dst-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8bde-8523-83aa59f47bc2"
    } else={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" dst-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8bde-8523-83aa59f47bc2" place-before=$anchor
    }
  } else={
    /ip firewall filter set $id chain="forward" action="accept" in-interface="wg-wan-overlay" dst-address-list="wom-wg-wan-overlay" disabled="no"
    :if ([:typeof $anchor] != "nil") do={
      :local all [/ip firewall filter find]
      :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={
        /ip firewall filter move $id destination=$anchor
      }
    }
  }
}
# Accept local destinations' traffic into wg-wan-overlay
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:c04e3f53-e374-89ac-8eab-e087f941306a"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" src-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-89ac-8eab-e087f941306a"
    } else={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" src-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-89ac-8eab-e087f941306a" place-before=$anchor
    }
  } else={
    /ip firewall filter set $id chain="forward" action="accept" out-interface="wg-wan-overlay" src-address-list="wom-wg-wan-overlay" disabled="no"
    :if ([:typeof $anchor] != "nil") do={
      :local all [/ip firewall filter find]
      :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={
        /ip firewall filter move $id destination=$anchor
      }
    }
  }
}
# Relay traffic between remotes on wg-wan-overlay
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:c04e3f53-e374-8a75-9ad6-53fa3403e749"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" out-interface="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8a75-9ad6-53fa3403e749"
    } else={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" out-interface="wg-wan-overlay" comment="WAN-Overlay-Manager:c04e3f53-e374-8a75-9ad6-53fa3403e749" place-before=$anchor
    }
  } else={
    /ip firewall filter set $id chain="forward" action="accept" in-interface="wg-wan-overlay" out-interface="wg-wan-overlay" disabled="no"
    :if ([:typeof $anchor] != "nil") do={
      :local all [/ip firewall filter find]
      :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={
        /ip firewall filter move $id destination=$anchor
      }
    }
  }
}
# Accept published-service connections from wg-wan-overlay
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:c04e3f53-e374-811b-ad2a-a314418630f3"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:c04e3f53-e374-811b-ad2a-a314418630f3"
    } else={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:c04e3f53-e374-811b-ad2a-a314418630f3" place-before=$anchor
    }
  } else={
    /ip firewall filter set $id chain="forward" action="accept" in-interface="wg-wan-overlay" connection-nat-state="dstnat" disabled="no"
    :if ([:typeof $anchor] != "nil") do={
      :local all [/ip firewall filter find]
      :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={
        /ip firewall filter move $id destination=$anchor
      }
    }
  }
}
# Accept published-service replies into wg-wan-overlay
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:c04e3f53-e374-8ac9-ade0-bc2ca0f2da68"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:c04e3f53-e374-8ac9-ade0-bc2ca0f2da68"
    } else={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:c04e3f53-e374-8ac9-ade0-bc2ca0f2da68" place-before=$anchor
    }
  } else={
    /ip firewall filter set $id chain="forward" action="accept" out-interface="wg-wan-overlay" connection-nat-state="dstnat" disabled="no"
    :if ([:typeof $anchor] != "nil") do={
      :local all [/ip firewall filter find]
      :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={
        /ip firewall filter move $id destination=$anchor
      }
    }
  }
}

# Step 8: /ip firewall nat
# Publish grafana (tcp)
{
  :local anchor [:pick [/ip firewall nat find where chain="dstnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:c04e3f53-e374-8ca5-b921-1315c5cd0f09"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.1" protocol="tcp" dst-port="443" to-addresses="192.168.50.20" to-ports="3000" comment="WAN-Overlay-Manager:c04e3f53-e374-8ca5-b921-1315c5cd0f09"
    } else={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.1" protocol="tcp" dst-port="443" to-addresses="192.168.50.20" to-ports="3000" comment="WAN-Overlay-Manager:c04e3f53-e374-8ca5-b921-1315c5cd0f09" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.1" protocol="tcp" dst-port="443" to-addresses="192.168.50.20" to-ports="3000" disabled="no"
  }
}
# Source grafana from its shared address
{
  :local anchor [:pick [/ip firewall nat find where chain="srcnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:c04e3f53-e374-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:c04e3f53-e374-8b37-9a52-e753c66a6300"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.50.20" to-addresses="10.0.5.1" comment="WAN-Overlay-Manager:c04e3f53-e374-8b37-9a52-e753c66a6300"
    } else={
      /ip firewall nat add chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.50.20" to-addresses="10.0.5.1" comment="WAN-Overlay-Manager:c04e3f53-e374-8b37-9a52-e753c66a6300" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.50.20" to-addresses="10.0.5.1" disabled="no"
  }
}

# Step 9: verify.
:put "WAN-Overlay-Manager: configuration for hq-hub applied. Check the peer handshakes below."
/interface wireguard print where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"
/interface wireguard peers print where comment~"^WAN-Overlay-Manager:c04e3f53-e374-8"
