# WAN-Overlay-Manager: branch-a
# Configuration ID: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
# Generated: 2025-01-01T00:00:00Z
# Managed rows: comment starts with WAN-Overlay-Manager:5fd9d2e2-7a84-8
#
# IMPORTANT: Review this script before applying it (/import file-name=<this file>).
# It is non-destructive: it adds, sets and removes only rows whose comment carries the
# prefix above, and leaves every other row as it is. Running it twice changes nothing.

# Step 1: remove rows of this configuration that are no longer wanted (NAT first).
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-8d71-a415-4f40023a4436";"WAN-Overlay-Manager:5fd9d2e2-7a84-82a7-b492-a999d20fcad2";"WAN-Overlay-Manager:5fd9d2e2-7a84-8704-ba4d-47c043413304";"WAN-Overlay-Manager:5fd9d2e2-7a84-8994-8280-769c9173e23d";"WAN-Overlay-Manager:5fd9d2e2-7a84-879b-bc11-6b1ebdd4882f"}
  :foreach i in=[/ip firewall nat find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/ip firewall nat get $i comment]]] = "nil") do={
      /ip firewall nat remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-8b45-92bc-dff46b8ff3d0";"WAN-Overlay-Manager:5fd9d2e2-7a84-8466-95a9-4629f0c0b218";"WAN-Overlay-Manager:5fd9d2e2-7a84-82c0-aa40-a5930fc623b1";"WAN-Overlay-Manager:5fd9d2e2-7a84-8e47-98b7-d0ac2b31981d"}
  :foreach i in=[/ip firewall filter find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/ip firewall filter get $i comment]]] = "nil") do={
      /ip firewall filter remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-8aa1-a7ea-b5e1b712c2df";"WAN-Overlay-Manager:5fd9d2e2-7a84-8a6c-a496-d39e5b9f679a"}
  :foreach i in=[/ip firewall address-list find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/ip firewall address-list get $i comment]]] = "nil") do={
      /ip firewall address-list remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-88cc-bd0c-0855c43efcc8";"WAN-Overlay-Manager:5fd9d2e2-7a84-83bc-9981-15578d56b9fb";"WAN-Overlay-Manager:5fd9d2e2-7a84-8609-80cc-e004bc53158f"}
  :foreach i in=[/ip route find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/ip route get $i comment]]] = "nil") do={
      /ip route remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-845b-8b15-432e573cc339";"WAN-Overlay-Manager:5fd9d2e2-7a84-8d06-bbc3-19dbd8e9f2d3"}
  :foreach i in=[/ip address find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/ip address get $i comment]]] = "nil") do={
      /ip address remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-84b8-aa9a-dd730dd954c3"}
  :foreach i in=[/interface wireguard peers find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard peers get $i comment]]] = "nil") do={
      /interface wireguard peers remove $i
    }
  }
}
{
  :local keep {"WAN-Overlay-Manager:5fd9d2e2-7a84-8619-a075-0655f143b18e"}
  :foreach i in=[/interface wireguard find where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"] do={
    :if ([:typeof [:find $keep [/interface wireguard get $i comment]]] = "nil") do={
      /interface wireguard remove $i
    }
  }
}

# Step 2: /interface wireguard
# WireGuard interface wg-wan-overlay
{
  :local id [/interface wireguard find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8619-a075-0655f143b18e"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard find where name="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard already has an unmanaged row with name=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /interface wireguard add name="wg-wan-overlay" listen-port="13231" mtu="1420" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8619-a075-0655f143b18e"
  } else={
    /interface wireguard set $id name="wg-wan-overlay" listen-port="13231" mtu="1420" disabled="no"
  }
}

# Step 3: /interface wireguard peers
# WireGuard peer hq-hub
{
  :local id [/interface wireguard peers find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-84b8-aa9a-dd730dd954c3"]
  :if ([:len $id] = 0) do={
    :if ([:len [/interface wireguard peers find where interface="wg-wan-overlay" and public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg="]] > 0) do={
      :error "WAN-Overlay-Manager: /interface wireguard peers already has an unmanaged row with interface=wg-wan-overlay public-key=iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=; rename or remove it, then run this script again."
    }
    /interface wireguard peers add interface="wg-wan-overlay" public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=" allowed-address="10.0.0.0/24,10.0.5.0/24,192.168.50.0/24" endpoint-address="vpn.example.net" endpoint-port="51820" persistent-keepalive="25s" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-84b8-aa9a-dd730dd954c3"
  } else={
    /interface wireguard peers set $id interface="wg-wan-overlay" public-key="iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=" allowed-address="10.0.0.0/24,10.0.5.0/24,192.168.50.0/24" endpoint-address="vpn.example.net" endpoint-port="51820" persistent-keepalive="25s" disabled="no"
  }
}

# Step 4: /ip address
# Address 10.0.0.2/32 on wg-wan-overlay
{
  :local id [/ip address find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-845b-8b15-432e573cc339"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip address find where address="10.0.0.2/32" and interface="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip address already has an unmanaged row with address=10.0.0.2/32 interface=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /ip address add address="10.0.0.2/32" interface="wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-845b-8b15-432e573cc339"
  } else={
    /ip address set $id address="10.0.0.2/32" interface="wg-wan-overlay" disabled="no"
  }
}
# Address 10.0.5.10/32 on wg-wan-overlay
{
  :local id [/ip address find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8d06-bbc3-19dbd8e9f2d3"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip address find where address="10.0.5.10/32" and interface="wg-wan-overlay"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip address already has an unmanaged row with address=10.0.5.10/32 interface=wg-wan-overlay; rename or remove it, then run this script again."
    }
    /ip address add address="10.0.5.10/32" interface="wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8d06-bbc3-19dbd8e9f2d3"
  } else={
    /ip address set $id address="10.0.5.10/32" interface="wg-wan-overlay" disabled="no"
  }
}

# Step 5: /ip route
# Route 10.0.0.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-88cc-bd0c-0855c43efcc8"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.0.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-88cc-bd0c-0855c43efcc8"
  } else={
    /ip route set $id dst-address="10.0.0.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 10.0.5.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-83bc-9981-15578d56b9fb"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="10.0.5.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-83bc-9981-15578d56b9fb"
  } else={
    /ip route set $id dst-address="10.0.5.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}
# Route 192.168.50.0/24 into wg-wan-overlay
{
  :local id [/ip route find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8609-80cc-e004bc53158f"]
  :if ([:len $id] = 0) do={
    /ip route add dst-address="192.168.50.0/24" gateway="wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8609-80cc-e004bc53158f"
  } else={
    /ip route set $id dst-address="192.168.50.0/24" gateway="wg-wan-overlay" disabled="no"
  }
}

# Step 6: /ip firewall address-list
# Local destination 192.168.1.0/24 in list wom-wg-wan-overlay
{
  :local id [/ip firewall address-list find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8aa1-a7ea-b5e1b712c2df"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip firewall address-list find where list="wom-wg-wan-overlay" and address="192.168.1.0/24"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip firewall address-list already has an unmanaged row with list=wom-wg-wan-overlay address=192.168.1.0/24; rename or remove it, then run this script again."
    }
    /ip firewall address-list add list="wom-wg-wan-overlay" address="192.168.1.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8aa1-a7ea-b5e1b712c2df"
  } else={
    /ip firewall address-list set $id list="wom-wg-wan-overlay" address="192.168.1.0/24" disabled="no"
  }
}
# Local destination 192.168.10.0/24 in list wom-wg-wan-overlay
{
  :local id [/ip firewall address-list find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8a6c-a496-d39e5b9f679a"]
  :if ([:len $id] = 0) do={
    :if ([:len [/ip firewall address-list find where list="wom-wg-wan-overlay" and address="192.168.10.0/24"]] > 0) do={
      :error "WAN-Overlay-Manager: /ip firewall address-list already has an unmanaged row with list=wom-wg-wan-overlay address=192.168.10.0/24; rename or remove it, then run this script again."
    }
    /ip firewall address-list add list="wom-wg-wan-overlay" address="192.168.10.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8a6c-a496-d39e5b9f679a"
  } else={
    /ip firewall address-list set $id list="wom-wg-wan-overlay" address="192.168.10.0/24" disabled="no"
  }
}

# Step 7: /ip firewall filter
# Accept WAN traffic from wg-wan-overlay to local destinations
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8b45-92bc-dff46b8ff3d0"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" dst-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8b45-92bc-dff46b8ff3d0"
    } else={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" dst-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8b45-92bc-dff46b8ff3d0" place-before=$anchor
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
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8466-95a9-4629f0c0b218"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" src-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8466-95a9-4629f0c0b218"
    } else={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" src-address-list="wom-wg-wan-overlay" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8466-95a9-4629f0c0b218" place-before=$anchor
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
# Accept published-service connections from wg-wan-overlay
{
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82c0-aa40-a5930fc623b1"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82c0-aa40-a5930fc623b1"
    } else={
      /ip firewall filter add chain="forward" action="accept" in-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82c0-aa40-a5930fc623b1" place-before=$anchor
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
  :local anchor [:pick [/ip firewall filter find where chain="forward" and (action="drop" or action="reject" or action="tarpit") and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall filter find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8e47-98b7-d0ac2b31981d"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8e47-98b7-d0ac2b31981d"
    } else={
      /ip firewall filter add chain="forward" action="accept" out-interface="wg-wan-overlay" connection-nat-state="dstnat" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8e47-98b7-d0ac2b31981d" place-before=$anchor
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
# Publish nas-smb (tcp)
{
  :local anchor [:pick [/ip firewall nat find where chain="dstnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8d71-a415-4f40023a4436"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="tcp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8d71-a415-4f40023a4436"
    } else={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="tcp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8d71-a415-4f40023a4436" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="tcp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" disabled="no"
  }
}
# Publish nas-smb (udp)
{
  :local anchor [:pick [/ip firewall nat find where chain="dstnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82a7-b492-a999d20fcad2"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="udp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82a7-b492-a999d20fcad2"
    } else={
      /ip firewall nat add chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="udp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-82a7-b492-a999d20fcad2" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="dstnat" action="dst-nat" in-interface="wg-wan-overlay" dst-address="10.0.5.10" protocol="udp" dst-port="445" to-addresses="192.168.10.5" to-ports="445" disabled="no"
  }
}
# Source nas-smb from its shared address
{
  :local anchor [:pick [/ip firewall nat find where chain="srcnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8704-ba4d-47c043413304"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.10.5" to-addresses="10.0.5.10" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8704-ba4d-47c043413304"
    } else={
      /ip firewall nat add chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.10.5" to-addresses="10.0.5.10" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8704-ba4d-47c043413304" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="srcnat" action="src-nat" out-interface="wg-wan-overlay" src-address="192.168.10.5" to-addresses="10.0.5.10" disabled="no"
  }
}
# Map 172.16.0.0/24 to 192.168.1.0/24 from wg-wan-overlay
{
  :local anchor [:pick [/ip firewall nat find where chain="dstnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8994-8280-769c9173e23d"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="dstnat" action="netmap" in-interface="wg-wan-overlay" dst-address="172.16.0.0/24" to-addresses="192.168.1.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8994-8280-769c9173e23d"
    } else={
      /ip firewall nat add chain="dstnat" action="netmap" in-interface="wg-wan-overlay" dst-address="172.16.0.0/24" to-addresses="192.168.1.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-8994-8280-769c9173e23d" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="dstnat" action="netmap" in-interface="wg-wan-overlay" dst-address="172.16.0.0/24" to-addresses="192.168.1.0/24" disabled="no"
  }
}
# Map 192.168.1.0/24 to 172.16.0.0/24 into wg-wan-overlay
{
  :local anchor [:pick [/ip firewall nat find where chain="srcnat" and dynamic=no and !(comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8")] 0]
  :local id [/ip firewall nat find where comment="WAN-Overlay-Manager:5fd9d2e2-7a84-879b-bc11-6b1ebdd4882f"]
  :if ([:len $id] = 0) do={
    :if ([:typeof $anchor] = "nil") do={
      /ip firewall nat add chain="srcnat" action="netmap" out-interface="wg-wan-overlay" src-address="192.168.1.0/24" to-addresses="172.16.0.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-879b-bc11-6b1ebdd4882f"
    } else={
      /ip firewall nat add chain="srcnat" action="netmap" out-interface="wg-wan-overlay" src-address="192.168.1.0/24" to-addresses="172.16.0.0/24" comment="WAN-Overlay-Manager:5fd9d2e2-7a84-879b-bc11-6b1ebdd4882f" place-before=$anchor
    }
  } else={
    /ip firewall nat set $id chain="srcnat" action="netmap" out-interface="wg-wan-overlay" src-address="192.168.1.0/24" to-addresses="172.16.0.0/24" disabled="no"
  }
}

# Step 9: verify.
:put "WAN-Overlay-Manager: configuration for branch-a applied. Check the peer handshakes below."
/interface wireguard print where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"
/interface wireguard peers print where comment~"^WAN-Overlay-Manager:5fd9d2e2-7a84-8"
