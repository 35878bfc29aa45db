import Foundation

/// Discovery answers the corpus has no recording of for a given model, written in the layout
/// shared/reference/protocols.md documents (§3.1 SADP, §5.2 Dahua 5050, §7 SSDP) from the
/// device's own model, serial, MAC and address.
enum DiscoveryAnswers {
    /// A SADP `inquiry` answer with the elements the recorded DS-KH6210-L answer carries.
    static func sadp(model: String, serial: String, mac: String, address: String, firmware: String,
                     deviceTypeCode: Int, analogChannels: Int = 1, digitalChannels: Int = 0) -> String {
        let dashedMAC = mac.replacingOccurrences(of: ":", with: "-")
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <ProbeMatch>
        <Uuid>00000000-0000-0000-0000-000000000000</Uuid>
        <Types>inquiry</Types>
        <DeviceType>\(deviceTypeCode)</DeviceType>
        <DeviceDescription>\(model)</DeviceDescription>
        <DeviceSN>\(serial)</DeviceSN>
        <CommandPort>8000</CommandPort>
        <HttpPort>80</HttpPort>
        <MAC>\(dashedMAC)</MAC>
        <IPv4Address>\(address)</IPv4Address>
        <IPv4SubnetMask>255.255.255.0</IPv4SubnetMask>
        <IPv4Gateway>0.0.0.0</IPv4Gateway>
        <DHCP>false</DHCP>
        <AnalogChannelNum>\(analogChannels)</AnalogChannelNum>
        <DigitalChannelNum>\(digitalChannels)</DigitalChannelNum>
        <SoftwareVersion>\(firmware)</SoftwareVersion>
        <DSPVersion>V7.3, build 200801</DSPVersion>
        <BootTime>2026-11-01 07:00:00</BootTime>
        <OEMInfo>N/A</OEMInfo>
        <Activated>true</Activated>
        <PasswordResetAbility>true</PasswordResetAbility>
        </ProbeMatch>

        """
    }

    /// A Dahua legacy (UDP 5050) discovery answer: section 1 (0x78 bytes), the MAC as 17 ASCII
    /// characters, then `Key:Value` lines.
    static func dahuaLegacy(name: String, mac: String, address: String, serial: String) -> [UInt8] {
        let macText = Array(mac.utf8)
        let lines = Array("SerialNo:\(serial)\r\n".utf8)
        var section = [UInt8](repeating: 0, count: 0x78)
        section[0] = 0xB3
        section[2] = UInt8(macText.count)
        section[0x14] = UInt8(truncatingIfNeeded: lines.count)
        section[0x15] = UInt8(truncatingIfNeeded: lines.count >> 8)
        for (offset, value) in [2, 0, 0, 0].enumerated() { section[0x20 + offset * 2] = UInt8(value) }
        for (offset, byte) in name.utf8.prefix(16).enumerated() { section[0x28 + offset] = byte }
        let octets = address.split(separator: ".").compactMap { UInt8($0) }
        for (offset, octet) in octets.prefix(4).enumerated() { section[0x38 + offset] = octet }
        for (offset, octet) in [255, 255, 255, 0].enumerated() { section[0x3C + offset] = UInt8(octet) }
        section[0x5E] = 80
        section[0x62] = UInt8(37777 & 0xFF)
        section[0x63] = UInt8(37777 >> 8)
        return section + macText + lines
    }

    /// An SSDP answer to `M-SEARCH` that carries the device's recorded `Server` value.
    static func ssdp(server: String, address: String, uuid: String) -> String {
        "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://\(address):80/rootDesc.xml\r\nSERVER: \(server)\r\nST: upnp:rootdevice\r\nUSN: uuid:\(uuid)::upnp:rootdevice\r\n\r\n"
    }
}
