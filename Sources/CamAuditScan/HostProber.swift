import CamAuditMatching
import CamAuditModel
import Foundation

/// Probes one address with every exchange the settings allow and returns its result envelope.
/// Every send passes the gate (scope, then rate); every answer goes through the dissectors.
struct HostProber: Sendable {
    let gate: SendGate
    let reactor: SocketReactor
    let udp: UDPDiscovery
    let http: CurlHTTPClient
    let settings: ScanSettings
    let neighbours: NeighbourTable
    /// The link-local segment's IPv6 neighbour cache (`--ipv6-link-local`), for its hosts' MACs.
    let ipv6Neighbours: IPv6NeighbourTable?
    let arp: ARPSweeper?
    let interfaces: [LocalInterface]
    let classifier: DeviceClassifier

    private var timeout: Double { settings.timeout }
    private var limiter: RateLimiter { gate.limiter }

    func probe(_ address: ScanAddress) async -> HostResult {
        let started = Date()
        var evidence = EvidenceCollector()
        var mac: String?
        let onLink = interfaces.first { $0.attaches(address) }
        defer { limiter.finished(host: address) }

        // Layer 2 first: an on-link address costs an ARP request, ours or the kernel's.
        if let onLink {
            await limiter.acquireARP()
            if let arp, arp.covers(onLink) {
                for attempt in 1...max(1, settings.arpAttempts) where mac == nil {
                    if attempt > 1 { await limiter.acquireARP() }
                    // A reply on a segment comes within milliseconds; the first wait already
                    // allowed for a slow host, a repeat only covers a lost frame.
                    mac = await arp.resolve(address, on: onLink, timeout: min(timeout, attempt == 1 ? 1.0 : 0.5))
                }
                // Nobody answered ARP: nothing on the segment can answer at layer 3 either.
                if mac == nil {
                    return result(address, mac: nil, status: .noResponse, open: [], answered: [], evidence: evidence, started: started)
                }
            }
        }

        do {
            let udpDeadline = try await sendDiscovery(address)
            let connections = try await connectAll(address)
            var open: [UInt16] = []
            var refused = 0
            for (port, outcome) in connections {
                switch outcome {
                case .open: open.append(port)
                case .refused: refused += 1
                default: break
                }
            }
            open.sort()
            await withTaskGroup(of: EvidenceCollector.self) { group in
                for (port, outcome) in connections {
                    guard case .open(let connection) = outcome else { continue }
                    group.addTask { await self.speak(on: connection, address: address, port: port) }
                }
                for await partial in group {
                    for observation in partial.observations { evidence.add(observation) }
                }
            }
            let datagrams = settings.udpDiscovery ? await udp.answers(from: address, until: udpDeadline) : []
            for datagram in datagrams {
                evidence.add(datagram.protocolName, datagram.bytes, port: datagram.port, reference: "scan:udp/\(datagram.port)")
            }
            for observation in await fetchUPnPDescription(address, evidence: evidence).observations { evidence.add(observation) }
            let onvif = try await probeONVIF(address, open: open, evidence: evidence)
            for observation in onvif.observations { evidence.add(observation) }

            if onLink != nil, mac == nil { mac = neighbours.mac(for: address) }
            // A link-local host was resolved by neighbour discovery as the probes went out.
            if mac == nil, LinkLocalSegment.isLinkLocal(address), let ipv6Neighbours { mac = ipv6Neighbours.mac(for: address) }
            let answeredUDP = Array(Set(datagrams.map(\.protocolName))).sorted()
            let status: HostResult.Status
            if !open.isEmpty || !answeredUDP.isEmpty { status = .openUnidentified } else if refused > 0 { status = .closed } else if mac != nil { status = .filtered } else { status = .noResponse }
            return result(address, mac: mac, status: status, open: open, answered: answeredUDP, evidence: evidence, started: started)
        } catch {
            var failed = result(address, mac: mac, status: .error, open: [], answered: [], evidence: evidence, started: started)
            failed.error = String(describing: error)
            return failed
        }
    }

    private func result(_ address: ScanAddress, mac: String?, status: HostResult.Status, open: [UInt16], answered: [String], evidence: EvidenceCollector, started: Date) -> HostResult {
        var evidence = evidence
        if let mac {
            evidence.add(Observation(field: ObservationField.macAddress, value: mac, source: EvidenceSource(kind: .active, protocolName: "arp", reference: "scan:arp", time: Date())))
        }
        let classification = classifier.classify(evidence.observations)
        var final = status
        if classification.verdict != .unknown && status != .error { final = .identified }
        return HostResult(address: address, mac: mac, status: final, openPorts: open, discoveryAnswers: answered,
                          observations: evidence.observations, classification: classification, error: nil, started: started, finished: Date())
    }

    // MARK: UDP discovery

    /// Sends the unicast discovery probes; returns when their answers stop being awaited.
    private func sendDiscovery(_ address: ScanAddress) async throws(SendGate.OutOfScope) -> Double {
        let clock = SystemScanClock()
        guard settings.udpDiscovery else { return clock.now() }
        var probes: [(UInt16, [UInt8])] = ProbePayloads.wsDiscoveryTypes.map { (3702, ProbePayloads.wsDiscoveryProbe(type: $0, messageID: UUID())) }
        probes.append((37020, ProbePayloads.sadpInquiry(uuid: UUID())))
        probes.append((37810, ProbePayloads.dhipSearch))
        if !address.isIPv6 { probes.append((5050, ProbePayloads.dahuaLegacySearch)) }
        let host = address.isIPv6 ? "[\(address)]:1900" : "\(address):1900"
        probes.append((1900, ProbePayloads.ssdpSearch(host: host, multicast: false)))
        for (port, payload) in probes {
            try await gate.permit(address, port: port, transport: "udp", summary: RequestLog.printable(payload))
            udp.send(payload, to: address, port: port)
        }
        return clock.now() + timeout
    }

    // MARK: TCP

    private func connectAll(_ address: ScanAddress) async throws(SendGate.OutOfScope) -> [(UInt16, TCPConnection.ConnectOutcome)] {
        // Each SYN leaves when its permit is granted, so the per-host and global caps space the
        // attempts on the wire; the connections then complete together.
        var refusal: SendGate.OutOfScope?
        let outcomes = await withTaskGroup(of: (UInt16, TCPConnection.ConnectOutcome).self) { group in
            for port in settings.ports {
                do throws(SendGate.OutOfScope) {
                    try await gate.permit(address, port: port, transport: "tcp-connect", summary: "SYN")
                } catch {
                    refusal = error
                    break
                }
                group.addTask { (port, await TCPConnection.connect(address, port: port, scopeID: self.gate.scope.scopeID(for: address), timeout: self.timeout, reactor: self.reactor)) }
            }
            var outcomes: [(UInt16, TCPConnection.ConnectOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        if let refusal { throw refusal }
        return outcomes
    }

    /// What the scanner says on an open port, by protocol; HTTP ports are handed to libcurl.
    private func speak(on connection: TCPConnection, address: ScanAddress, port: UInt16) async -> EvidenceCollector {
        var evidence = EvidenceCollector()
        if ScanSettings.connectOnlyPorts.contains(port) {
            connection.close()
        } else if port == ScanSettings.hikvisionSDKPort {
            // The SDK port speaks first (nmap's NULL probe): read, never write.
            let (bytes, end) = await connection.receive(limit: 4096, timeout: min(timeout, 1.0), isComplete: MessageFraming.isCompleteHikSDK)
            connection.close()
            limiter.record(lost: false)
            if end != .timedOut || !bytes.isEmpty {
                evidence.add("hikvision-8000", bytes, port: port, reference: "scan:tcp/8000 banner")
            } else {
                // Silent: a web server waits for its client. Hikvision intercoms answer ISAPI
                // here with port 80 closed, so it is asked like any web port (GET only).
                evidence = await probeHTTP(address, port: port, tls: false)
            }
        } else if port == ScanSettings.dahuaDVRIPPort {
            evidence = await exchange(connection, address: address, port: port, payload: ProbePayloads.dvripRealmRequest,
                                      protocolName: "dahua-37777", framing: MessageFraming.isCompleteDVRIP)
            connection.close()
        } else if ScanSettings.rtspPorts.contains(port) {
            evidence = await probeRTSP(connection, address: address, port: port)
        } else {
            connection.close()
            evidence = await probeHTTP(address, port: port, tls: settings.tlsPorts.contains(port))
        }
        return evidence
    }

    private func exchange(_ connection: TCPConnection, address: ScanAddress, port: UInt16, payload: [UInt8], protocolName: String,
                          framing: ([UInt8]) -> Bool) async -> EvidenceCollector {
        var evidence = EvidenceCollector()
        do {
            try await gate.permit(address, port: port, transport: "tcp", summary: RequestLog.printable(payload))
        } catch { return evidence }
        guard await connection.send(payload, timeout: timeout) else { return evidence }
        let (bytes, end) = await connection.receive(limit: 64 << 10, timeout: timeout, isComplete: framing)
        limiter.record(lost: end == .timedOut && bytes.isEmpty)
        evidence.add(protocolName, bytes, port: port, reference: "scan:tcp/\(port)")
        return evidence
    }

    /// OPTIONS then DESCRIBE on one connection, without credentials: Server, Public and realm.
    private func probeRTSP(_ connection: TCPConnection, address: ScanAddress, port: UInt16) async -> EvidenceCollector {
        var evidence = EvidenceCollector()
        let host = address.isIPv6 ? "[\(address)]" : address.description
        let url = "rtsp://\(host):\(port)/"
        for (index, method) in ["OPTIONS", "DESCRIBE"].enumerated() {
            let payload = ProbePayloads.rtsp(method, url: url, cseq: index + 1)
            let answer = await exchange(connection, address: address, port: port, payload: payload, protocolName: "rtsp", framing: MessageFraming.isCompleteHTTPStyle)
            for observation in answer.observations { evidence.add(observation) }
            if answer.observations.isEmpty { break }
        }
        connection.close()
        return evidence
    }

    // MARK: HTTP

    /// `GET /`, then the one or two credential-free identity paths its answer calls for.
    private func probeHTTP(_ address: ScanAddress, port: UInt16, tls: Bool) async -> EvidenceCollector {
        var evidence = EvidenceCollector()
        let rootRequest = HTTPRequest(address: address, port: port, tls: tls, method: "GET", path: "/")
        guard let root = await perform(rootRequest, summary: "GET /", keepingCertificate: true) else { return evidence }
        // The handshake gave the certificate even when no HTTP answer followed (a recorder's
        // TLS port that answers only its own client, a time-out after the handshake).
        if let certificate = root.certificate {
            evidence.add("tls-cert", Array(certificate.utf8), port: port, reference: "scan:tls/\(port) certificate")
        }
        guard root.failure == nil, !root.head.isEmpty else { return evidence }
        evidence.add("http", root.raw, port: port, reference: "scan:\(tls ? "https" : "http")/\(port) GET /")
        let first = classifier.classify(evidence.observations)
        for path in followUpPaths(after: first) {
            _ = await get(address, port: port, tls: tls, path: path, into: &evidence)
        }
        return evidence
    }

    /// Hikvision's ISAPI device-info path and Dahua's system-info CGI answer 401 without
    /// credentials, and that challenge names the stack (`IP Camera(…)`, `Login to <serial>`).
    /// Only the paths the root page leaves open are asked; a known other maker gets none.
    func followUpPaths(after classification: Classification) -> [String] {
        let isapi = "/ISAPI/System/deviceInfo"
        let dahuaCGI = "/cgi-bin/magicBox.cgi?action=getSystemInfo"
        guard let maker = classification.identity.maker else { return [isapi, dahuaCGI] }
        switch classifier.resolver.table.familyRoot(of: maker) {
        case "hikvision": return [isapi]
        case "dahua": return [dahuaCGI]
        default: return classification.verdict == .notCovered ? [] : [isapi, dahuaCGI]
        }
    }

    private func get(_ address: ScanAddress, port: UInt16, tls: Bool, path: String, into evidence: inout EvidenceCollector) async -> HTTPResponse? {
        let request = HTTPRequest(address: address, port: port, tls: tls, method: "GET", path: path)
        guard let response = await perform(request, summary: "GET \(path)") else { return nil }
        evidence.add("http", response.raw, port: port, reference: "scan:\(tls ? "https" : "http")/\(port) GET \(path)")
        return response
    }

    /// Sends one request through the gate; nil when nothing HTTP came back, unless
    /// `keepingCertificate` and a TLS handshake gave the server's certificate.
    private func perform(_ request: HTTPRequest, summary: String, keepingCertificate: Bool = false) async -> HTTPResponse? {
        var request = request
        request.scopeID = gate.scope.scopeID(for: request.address)
        do {
            try await gate.permit(request.address, port: request.port, transport: request.tls ? "https" : "http", summary: summary)
        } catch { return nil }
        let response = await http.perform(request)
        limiter.record(lost: response.failure == .timedOut)
        if keepingCertificate, response.certificate != nil { return response }
        guard response.failure == nil, !response.head.isEmpty else { return nil }
        return response
    }

    // MARK: UPnP

    /// The device description an SSDP answer points at (protocols.md §7, §11): fetched once,
    /// only from the host itself, with the usual time-out and size cap (some recorders are known
    /// to choke on a bogus LOCATION, so nothing is fetched from anywhere else).
    private func fetchUPnPDescription(_ address: ScanAddress, evidence: EvidenceCollector) async -> EvidenceCollector {
        var collected = EvidenceCollector()
        guard let location = evidence.observations.first(where: { $0.field == ObservationField.ssdpLocation })?.value,
              let url = URL(string: location), url.scheme == "http", let host = url.host,
              Self.hostAddress(host) == address,
              let port = UInt16(exactly: url.port ?? 80) else { return collected }
        let path = url.path.isEmpty ? "/" : url.path + (url.query.map { "?" + $0 } ?? "")
        let request = HTTPRequest(address: address, port: port, tls: false, method: "GET", path: path)
        guard let response = await perform(request, summary: "GET \(path)") else { return collected }
        collected.add("upnp-xml", response.raw, port: port, reference: "scan:upnp/\(port) GET \(path)")
        return collected
    }

    // MARK: ONVIF

    /// The PRE_AUTH device-service calls (and GetDeviceInformation, which most devices refuse
    /// without credentials), on the device service the discovery answer named, else on the
    /// first open web port. Stops at the first answer that is not SOAP: no ONVIF there.
    private func probeONVIF(_ address: ScanAddress, open: [UInt16], evidence: EvidenceCollector) async throws(SendGate.OutOfScope) -> EvidenceCollector {
        var collected = EvidenceCollector()
        guard let (port, path, tls) = onvifEndpoint(address, open: open, evidence: evidence) else { return collected }
        for (name, body) in ProbePayloads.onvifOperations {
            var request = HTTPRequest(address: address, port: port, tls: tls, method: "POST", path: path)
            request.headers = ["Content-Type: application/soap+xml; charset=utf-8"]
            request.body = ProbePayloads.onvifEnvelope(body)
            guard let response = await perform(request, summary: "POST \(path) \(name)") else { break }
            let reference = "scan:onvif/\(port) \(name)"
            collected.add("http", response.head, port: port, reference: reference)
            let isSOAP = String(decoding: response.body.prefix(2048), as: UTF8.self).contains("Envelope")
            guard isSOAP else { break }
            collected.add("onvif-soap", response.raw, port: port, reference: reference)
        }
        return collected
    }

    /// A URL's host as an address: brackets and an IPv6 zone (`%25eth0`, RFC 6874) dropped.
    static func hostAddress(_ host: String) -> ScanAddress? {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return ScanAddress(String(bare.split(separator: "%", maxSplits: 1).first ?? ""))
    }

    private func onvifEndpoint(_ address: ScanAddress, open: [UInt16], evidence: EvidenceCollector) -> (UInt16, String, Bool)? {
        // XAddrs from WS-Discovery, if one points back at this very host.
        for observation in evidence.observations where observation.field == ObservationField.onvifXAddrs {
            for candidate in observation.value.split(whereSeparator: \.isWhitespace) {
                guard let url = URL(string: String(candidate)), let scheme = url.scheme, scheme == "http" || scheme == "https",
                      let host = url.host, Self.hostAddress(host) == address else { continue }
                let port = UInt16(url.port ?? (scheme == "https" ? 443 : 80))
                return (port, url.path.isEmpty ? "/onvif/device_service" : url.path, scheme == "https")
            }
        }
        let webPorts: [UInt16] = [80, 8080, 8899, 8100]
        guard let port = webPorts.first(where: open.contains) else { return nil }
        return (port, "/onvif/device_service", false)
    }
}
