/// The field names dissectors emit and fingerprints match. Kept in one place so that a
/// fingerprint naming an unknown field is caught when the table is compiled.
public enum ObservationField {
    public static let all: Set<String> = [
        httpStatus, httpServer, httpWWWAuthenticate, httpRealm, httpTitle, httpBody, httpLocation,
        httpHeaderNames, httpContentType, httpXMLNamespace, httpSetCookie, httpUserAgent, httpRequestTarget, httpRequestHost,
        rtspServer, rtspWWWAuthenticate, rtspRealm, rtspPublic, rtspDate, rtspHeaderNames, rtspSDP, rtspContentBase,
        onvifManufacturer, onvifModel, onvifFirmware, onvifSerial, onvifHardwareID, onvifScopes, onvifScopeHardware,
        onvifScopeName, onvifXAddrs, onvifNamespace, onvifTypes, onvifFaultReason, onvifFaultSubcode,
        sadpDeviceDescription, sadpDeviceType, sadpSerial, sadpSoftwareVersion, sadpDSPVersion, sadpMAC, sadpOEMInfo,
        sadpActivated, sadpPresent, sadpL2,
        isapiModel, isapiSerial, isapiFirmware, isapiDeviceType, isapiManufacturer, isapiNamespace, isapiMAC, isapiSystemContact,
        dhipDeviceClass, dhipDeviceType, dhipSerial, dhipVersion, dhipManufacturer, dhipVendor, dhipMAC, dhipMethod,
        dahuaDVRIPRealm, dahuaDVRIPReply, dahuaLegacyName, dahuaLegacyMAC,
        dahuaLegacyModel, dahuaLegacySerial, dahuaLegacyVersion, dahuaLegacyDeviceClass,
        dahuaCGIDeviceType, dahuaCGIUpdateSerial, dahuaCGISerial, dahuaCGIVersion, dahuaCGIProcessor, dahuaCGIVendor, dahuaCGIEvent,
        dahuaRPCRealm, dahuaRPCMAC, dahuaRPCEncryption, dahuaRPCError,
        hikSDKReply,
        ssdpServer, ssdpUSN, ssdpLocation,
        upnpManufacturer, upnpModelName, upnpModelNumber, upnpFriendlyName, upnpModelDescription, upnpSerial,
        tlsSubject, tlsIssuer, tlsNotBefore, tlsNotAfter, tlsServerName,
        dhcpVendorClass, dhcpHostname, dhcpParameterList,
        dhcpv6EnterpriseNumber, dhcpv6FQDN, dhcpv6OptionRequest,
        dnsQuery, ntpServer, mdnsHostname, mdnsService, mdnsTXT,
        lldpSystemName, lldpSystemDescription, lldpManufacturer, lldpModel, lldpSerial, lldpFirmware,
        cdpDeviceID, cdpPlatform, cdpSoftware,
        macAddress,
        snmpSysDescr, snmpSysObjectID, snmpSysName, telnetBanner, ftpBanner,
        deviceModel,
        switchPort, recorderModel,
    ]

    public static let httpStatus = "http.status"
    public static let httpServer = "http.header.server"
    public static let httpWWWAuthenticate = "http.header.www-authenticate"
    /// The realm of a WWW-Authenticate challenge, unquoted.
    public static let httpRealm = "http.realm"
    public static let httpTitle = "http.title"
    public static let httpBody = "http.body"
    public static let httpLocation = "http.header.location"
    /// Header names in the order sent, case kept, comma-separated: some stacks have a tell-tale order or case.
    public static let httpHeaderNames = "http.header-names"
    public static let httpContentType = "http.header.content-type"
    /// A Set-Cookie header value: web stacks name their session cookies their own way.
    public static let httpSetCookie = "http.header.set-cookie"
    /// The User-Agent a host sends as an HTTP client (passive capture): a device's own firmware
    /// talking to its cloud or NTP/update servers names its stack here.
    public static let httpUserAgent = "http.header.user-agent"
    /// The path and query of a request a host sends as a client (a device registering with its
    /// cloud says what it is in the query), with secret-looking parameters' values masked.
    public static let httpRequestTarget = "http.request.target"
    /// The Host header of such a request: the service the device calls.
    public static let httpRequestHost = "http.request.host"
    /// Namespace URIs declared in an XML body.
    public static let httpXMLNamespace = "http.xml.namespace"

    public static let rtspServer = "rtsp.header.server"
    public static let rtspWWWAuthenticate = "rtsp.header.www-authenticate"
    public static let rtspRealm = "rtsp.realm"
    public static let rtspPublic = "rtsp.header.public"
    /// The Date header exactly as sent, leading spaces included (a Hikvision tell).
    public static let rtspDate = "rtsp.header.date"
    public static let rtspHeaderNames = "rtsp.header-names"
    /// SDP session and attribute lines of a DESCRIBE answer.
    public static let rtspSDP = "rtsp.sdp"
    public static let rtspContentBase = "rtsp.header.content-base"

    public static let onvifManufacturer = "onvif.device.manufacturer"
    public static let onvifModel = "onvif.device.model"
    public static let onvifFirmware = "onvif.device.firmware"
    public static let onvifSerial = "onvif.device.serial"
    public static let onvifHardwareID = "onvif.device.hardware-id"
    public static let onvifScopes = "onvif.scopes"
    public static let onvifScopeHardware = "onvif.scope.hardware"
    public static let onvifScopeName = "onvif.scope.name"
    public static let onvifXAddrs = "onvif.xaddrs"
    public static let onvifNamespace = "onvif.namespace"
    public static let onvifTypes = "onvif.types"
    /// A SOAP fault's reason text (SOAP 1.2 `Reason/Text`, SOAP 1.1 `faultstring`): the
    /// wording is the firmware's, so it differs by maker where the fault code does not.
    public static let onvifFaultReason = "onvif.fault.reason"
    /// The fault's subcode (`ter:NotAuthorized`): says what failed, not who made the device.
    public static let onvifFaultSubcode = "onvif.fault.subcode"

    public static let sadpDeviceDescription = "sadp.device-description"
    public static let sadpDeviceType = "sadp.device-type"
    public static let sadpSerial = "sadp.serial"
    public static let sadpSoftwareVersion = "sadp.software-version"
    public static let sadpDSPVersion = "sadp.dsp-version"
    public static let sadpMAC = "sadp.mac"
    public static let sadpOEMInfo = "sadp.oem-info"
    public static let sadpActivated = "sadp.activated"
    /// Emitted once per SADP answer: answering SADP at all is evidence of the Hikvision stack.
    public static let sadpPresent = "sadp.protocol"
    /// A layer-2 SADP frame (EtherType 0x8033) and its op type, as `0x8033 op 0x04`: seen passively only.
    public static let sadpL2 = "sadp.l2"

    public static let isapiModel = "isapi.model"
    public static let isapiSerial = "isapi.serial"
    public static let isapiFirmware = "isapi.firmware"
    public static let isapiDeviceType = "isapi.device-type"
    public static let isapiManufacturer = "isapi.manufacturer"
    public static let isapiNamespace = "isapi.namespace"
    public static let isapiMAC = "isapi.mac"
    public static let isapiSystemContact = "isapi.system-contact"

    public static let dhipDeviceClass = "dhip.device-class"
    public static let dhipDeviceType = "dhip.device-type"
    public static let dhipSerial = "dhip.serial"
    public static let dhipVersion = "dhip.version"
    public static let dhipManufacturer = "dhip.manufacturer"
    public static let dhipVendor = "dhip.vendor"
    public static let dhipMAC = "dhip.mac"
    /// The JSON-RPC method of a DHIP packet (`client.notifyDevInfo` for a discovery answer).
    public static let dhipMethod = "dhip.method"

    public static let dahuaDVRIPRealm = "dahua37777.realm"
    /// First bytes of a TCP/37777 answer, as lowercase hex.
    public static let dahuaDVRIPReply = "dahua37777.reply"
    public static let dahuaLegacyName = "dahua5050.name"
    public static let dahuaLegacyMAC = "dahua5050.mac"
    /// Section 2's model string and section 3's `SerialNo`, `Version` and `Device` lines.
    public static let dahuaLegacyModel = "dahua5050.model"
    public static let dahuaLegacySerial = "dahua5050.serial"
    public static let dahuaLegacyVersion = "dahua5050.version"
    public static let dahuaLegacyDeviceClass = "dahua5050.device-class"

    public static let dahuaCGIDeviceType = "dahua.cgi.device-type"
    public static let dahuaCGIUpdateSerial = "dahua.cgi.update-serial"
    public static let dahuaCGISerial = "dahua.cgi.serial"
    public static let dahuaCGIVersion = "dahua.cgi.version"
    public static let dahuaCGIProcessor = "dahua.cgi.processor"
    public static let dahuaCGIVendor = "dahua.cgi.vendor"
    /// An event of `eventManager.cgi?action=attach`'s stream up to its data
    /// (`Code=VideoMotion;action=Start;index=0`): the format of Dahua's HTTP API.
    public static let dahuaCGIEvent = "dahua.cgi.event"
    public static let dahuaRPCRealm = "dahua.rpc.realm"
    public static let dahuaRPCMAC = "dahua.rpc.mac"
    public static let dahuaRPCEncryption = "dahua.rpc.encryption"
    /// The message of a JSON-RPC error answer (RPC2, DHIP): `Invalid session in request data!`.
    public static let dahuaRPCError = "dahua.rpc.error"

    /// First bytes of a TCP/8000 answer, as lowercase hex.
    public static let hikSDKReply = "hik8000.reply"

    public static let ssdpServer = "ssdp.header.server"
    public static let ssdpUSN = "ssdp.header.usn"
    public static let ssdpLocation = "ssdp.header.location"
    public static let upnpManufacturer = "upnp.device.manufacturer"
    public static let upnpModelName = "upnp.device.model-name"
    public static let upnpModelNumber = "upnp.device.model-number"
    public static let upnpFriendlyName = "upnp.device.friendly-name"
    public static let upnpModelDescription = "upnp.device.model-description"
    public static let upnpSerial = "upnp.device.serial"

    public static let tlsSubject = "tls.subject"
    public static let tlsIssuer = "tls.issuer"
    /// Certificate validity as libcurl prints it (`2013-01-01 00:00:00 GMT`): a factory
    /// certificate's dates are the same on every unit of a firmware.
    public static let tlsNotBefore = "tls.not-before"
    public static let tlsNotAfter = "tls.not-after"
    /// The server name a TLS client asked for (ClientHello SNI): read like a DNS query.
    public static let tlsServerName = "tls.sni"

    public static let dhcpVendorClass = "dhcp.vendor-class"
    public static let dhcpHostname = "dhcp.hostname"
    public static let dhcpParameterList = "dhcp.parameter-list"
    /// DHCPv6 (RFC 8415): the enterprise number of a Vendor Class option (16) or of a DUID-EN,
    /// in decimal: IANA's Private Enterprise Numbers name the maker (the same numbers as SNMP's
    /// 1.3.6.1.4.1.N).
    public static let dhcpv6EnterpriseNumber = "dhcpv6.enterprise-number"
    /// DHCPv6 Client FQDN (option 39, RFC 4704) when it holds more than the host name (whose
    /// first label is `dhcp.hostname`).
    public static let dhcpv6FQDN = "dhcpv6.fqdn"
    /// DHCPv6 Option Request (option 6): the option codes asked for, in order, comma-separated.
    public static let dhcpv6OptionRequest = "dhcpv6.option-request"
    public static let dnsQuery = "dns.query"
    /// mDNS answers (RFC 6762): a host name the device announces (A/AAAA owner, SRV target).
    public static let mdnsHostname = "mdns.hostname"
    /// mDNS/DNS-SD service instances the device announces (`Name._http._tcp.local`).
    public static let mdnsService = "mdns.service"
    /// mDNS TXT strings (`key=value`, RFC 6763 §6).
    public static let mdnsTXT = "mdns.txt"
    /// The server a host asks for the time (NTP client mode): weak, only with the OUI (protocols.md §9.4).
    public static let ntpServer = "ntp.server"

    public static let lldpSystemName = "lldp.system-name"
    public static let lldpSystemDescription = "lldp.system-description"
    /// LLDP-MED inventory TLVs (ANSI/TIA-1057).
    public static let lldpManufacturer = "lldp.med.manufacturer"
    public static let lldpModel = "lldp.med.model"
    public static let lldpSerial = "lldp.med.serial"
    public static let lldpFirmware = "lldp.med.firmware"
    public static let cdpDeviceID = "cdp.device-id"
    public static let cdpPlatform = "cdp.platform"
    public static let cdpSoftware = "cdp.software"
    /// A MAC address (lowercase, colon form); the matcher looks its prefix up in the IEEE registry.
    public static let macAddress = "mac.oui"

    public static let snmpSysDescr = "snmp.sysdescr"
    /// sysObjectID in dotted form, leading dot dropped: the maker's enterprise number follows 1.3.6.1.4.1.
    public static let snmpSysObjectID = "snmp.sysobjectid"
    /// sysName: the name an administrator gave the agent; context, not a maker.
    public static let snmpSysName = "snmp.sysname"
    public static let telnetBanner = "telnet.banner"
    public static let ftpBanner = "ftp.banner"

    /// A model number from any source, fed to the model-number rules in a second pass.
    public static let deviceModel = "device.model"

    /// Where a district's own table places a device (`camaudit import`): "switch core-1 port
    /// Gi1/0/14 VLAN 30". Names no maker; kept so the inventory can say where to walk to.
    public static let switchPort = "switch.port"
    /// A recorder's model number, matched by the report (not the classifier) against
    /// `Signatures/model/recorder_inputs.xml` for its channels and PoE ports.
    public static let recorderModel = "recorder.model"
}
