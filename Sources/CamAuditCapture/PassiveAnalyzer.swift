import CamAuditDissectors
import CamAuditMatching
import CamAuditModel
import CamAuditSignatures
import Foundation

/// Reads capture files, hands each exchange to the dissectors `classify` uses, attributes the
/// observations to the device that sent the bytes, and classifies every device at the end.
///
/// It only reads files: nothing here opens a socket or an interface.
public final class PassiveAnalyzer {
    public struct Options: Sendable {
        /// TCP directions reassembled at once; the oldest is dissected and dropped beyond it.
        public var maximumFlows = 2048
        /// Bytes kept from the start of each server→client stream.
        public var streamCap = 16 << 10
        /// Senders remembered (a frame MAC with one source address: a device with an IPv4 and
        /// a link-local IPv6 address is two); later new senders are counted, not stored, and
        /// the report says how many. Each sender behind a router is one.
        public var maximumDevices = 262_144
        /// Evidence held for all senders together (each is also capped at 512 observations):
        /// thousands of hostile senders each inventing new strings cannot grow memory past it.
        /// Beyond it new observations are counted, not stored.
        public var maximumEvidenceBytes = 64 << 20
        /// Fragmented UDP datagrams reassembled at once.
        public var maximumFragmentedDatagrams = 64
        /// Threads that dissect a file's payloads and classify the devices at the end. One
        /// keeps every step on the calling thread, so all it allocates for an input is freed
        /// before the call returns (a fuzz target's leak check needs that); the output is the
        /// same at any number.
        public var lanes = PassiveAnalyzer.lanes

        public init() {}
    }

    /// Where a file's reading stands, for a progress line.
    public struct Progress: Sendable {
        public var path: String
        public var bytesRead: Int64
        public var fileSize: Int64
        public var packets: Int
    }

    /// TCP server ports whose first bytes are dissected (HTTP, RTSP, SDK ports; protocols.md §9.6),
    /// and 5000, where Dahua door stations speak DHIP to their monitors and integrations (§5.4).
    public static let tcpServerPorts = Set<UInt16>([80, 8080, 8000, 8100, 37777, 554, 8554, dhipPort]).union(tlsPorts)
    static let dhipPort: UInt16 = 5000
    /// TLS ports whose handshakes are read: the server's certificate (TLS ≤ 1.2) and the
    /// server name in a client's ClientHello.
    public static let tlsPorts: Set<UInt16> = [443, 8443]
    /// The same two sets as bitmaps, for the tests every TCP segment goes through.
    static let tcpServerPortMap = PortSet(tcpServerPorts)
    static let tlsPortMap = PortSet(tlsPorts)
    /// Bytes of a TLS server's first flight kept: ServerHello and a device's certificate chain.
    static let tlsFlightCap = 8 << 10

    public let options: Options
    public private(set) var counters = CaptureCounters()
    /// The senders, in the order first seen, and where each is in that list.
    private var senders: ContiguousArray<PassiveDevice> = []
    private var senderTable = SenderTable()
    /// The field, protocol and file names the senders' packed evidence refers to.
    private var vocabulary = EvidenceVocabulary()
    private var streams: TCPStreamTable
    private var fragments: FragmentReassembler
    private var seenExchanges: Set<Int> = []
    /// What the devices' observations hold, against `Options.maximumEvidenceBytes`.
    public private(set) var evidenceBytes = 0

    public init(options: Options = Options()) {
        self.options = options
        streams = TCPStreamTable(
            maximumFlows: options.maximumFlows, streamCap: options.streamCap, serverPorts: Self.tcpServerPorts,
            smallerCaps: Dictionary(uniqueKeysWithValues: Self.tlsPorts.map { ($0, Self.tlsFlightCap) }))
        fragments = FragmentReassembler(maximumEntries: options.maximumFragmentedDatagrams)
    }

    /// TCP directions being reassembled right now (bounded by `Options.maximumFlows`).
    public var trackedFlowCount: Int { streams.count }
    /// Senders tracked (bounded by `Options.maximumDevices`); several can make one device.
    public var deviceCount: Int { senders.count }

    /// Analyses one file. A file that cannot be opened throws; a file that breaks off part way
    /// (truncated, corrupt record) returns the error after analysing everything before it.
    @discardableResult
    public func analyze(path: String, progress: ((Progress) -> Void)? = nil) throws(CaptureError) -> CaptureError? {
        let reader = try PcapFileReader(path: path)
        guard LinkType.supported.contains(reader.linkType) else {
            throw CaptureError(.open, path: path, message: "link type \(reader.linkType) is not supported; capture on an Ethernet interface or with -i any (Linux SLL), or as raw IP")
        }
        counters.files += 1
        let name = path == "-" ? "stdin" : (path as NSString).lastPathComponent
        var packets = 0
        // A file is read to its end before anything looks at the evidence, so dissections
        // can wait for a batch; live captures record each one as it comes.
        batchesDissections = options.lanes > 1
        defer {
            dissectPending()
            recordDissectionInFlight()
            batchesDissections = false
        }
        while true {
            let packet: CapturedPacket
            do {
                guard let next = try reader.next() else { break }
                packet = next
            } catch {
                return error
            }
            packets += 1
            ingest(packet.data, linkType: reader.linkType, time: packet.time, file: name, packetNumber: packet.number, originalLength: packet.originalLength)
            if let progress, packets % 4096 == 0 {
                progress(Progress(path: path, bytesRead: reader.bytesRead, fileSize: reader.fileSize, packets: packets))
            }
        }
        progress?(Progress(path: path, bytesRead: reader.fileSize, fileSize: reader.fileSize, packets: packets))
        return nil
    }

    /// Decodes one captured frame. Public so that a live capture can feed frames the same way.
    public func ingest(_ data: [UInt8], linkType: Int32, time: Date, file: String, packetNumber: Int, originalLength: Int? = nil) {
        counters.packets += 1
        counters.bytes += data.count
        if let originalLength, originalLength > data.count { counters.truncatedPackets += 1 }
        let packetReference = PacketReference(file: file, number: packetNumber)
                let frame: DecodedFrame
        switch PacketDecoder.decode(data, linkType: linkType) {
        case .malformed(let kind):
            counters.error(kind)
            return
        case .frame(let decoded):
            frame = decoded
        }
        switch frame.content {
        case .other:
            _ = device(mac: frame.sourceMAC, ip: nil, time: time, reference: packetReference)
        case .ip(let source):
            _ = device(mac: frame.sourceMAC, ip: source, hopLimit: frame.hopLimit, time: time, reference: packetReference)
        case .icmpv6(let source, _, let payload):
            icmpv6(payload, source: source, mac: frame.sourceMAC, hopLimit: frame.hopLimit, time: time, reference: packetReference)
        case .sadpL2(let payload):
            layer2SADP(Array(payload), mac: frame.sourceMAC, time: time, reference: packetReference)
        case .lldp(let payload):
            linkAnnouncement("lldp", payload, mac: frame.sourceMAC, time: time, reference: packetReference)
        case .cdp(let payload):
            linkAnnouncement("cdp", payload, mac: frame.sourceMAC, time: time, reference: packetReference)
        case .udp(let header, let payload):
            udp(header, payload, mac: frame.sourceMAC, hopLimit: frame.hopLimit, time: time, reference: packetReference)
        case .ipv4Fragment(let fragment):
            _ = device(mac: frame.sourceMAC, ip: fragment.source, hopLimit: frame.hopLimit, time: time, reference: packetReference)
            guard let whole = fragments.add(fragment) else { return }
            switch PacketDecoder.transport(whole, proto: 17, start: 0, end: whole.count, source: fragment.source, destination: fragment.destination, mac: frame.sourceMAC) {
            case .frame(let reassembled):
                if case .udp(let header, let payload) = reassembled.content {
                    udp(header, payload, mac: frame.sourceMAC, time: time, reference: packetReference, countPacket: false)
                }
            case .malformed(let kind):
                counters.error(kind)
            }
        case .tcp(let segment):
            let key = device(mac: frame.sourceMAC, ip: segment.header.source, hopLimit: frame.hopLimit, time: time, reference: packetReference)
            if !segment.payload.isEmpty, Self.tcpServerPortMap.contains(segment.header.destinationPort) {
                clientRequest(segment, key: key, time: time, reference: packetReference)
            }
            // On TLS ports only a direction that opens with a ServerHello is reassembled: the
            // encrypted bulk of HTTPS never enters the table.
            if Self.tlsPortMap.contains(segment.header.sourcePort), !Self.opensServerFlight(segment.payload), !streams.isTracking(segment.header) {
                break
            }
            for stream in streams.add(segment, sourceMAC: frame.sourceMAC, reference: packetReference, time: time) {
                tcpStream(stream)
            }
        }
        counters.tcpFlowsEvicted = streams.evicted
        counters.fragmentsDropped = fragments.dropped
    }

    /// Dissects what is still buffered and classifies every device, covered first.
    public func finish() -> [DeviceReport] {
        for stream in streams.flushAll() { tcpStream(stream) }
        return snapshot()
    }

    /// Dissects what is still buffered and hands every device's report to `body` in turn, in
    /// no particular order, without keeping them: at a hundred thousand devices the reports
    /// never exist together (`finish()` sorts them and so holds them all). Returns how many.
    @discardableResult
    public func finishEach(_ body: (DeviceReport) throws -> Void) rethrows -> Int {
        try finishEach(prepare: { @Sendable report in report }, body)
    }

    /// The same, with `prepare` run on every core for batches of devices: building and
    /// classifying a report, and what the caller derives from it (its JSON, its table row), is
    /// most of the work at the end of a large capture and each device's is independent.
    /// `body` gets the results on the calling thread, batch by batch.
    @discardableResult
    public func finishEach<Prepared: Sendable>(prepare: @escaping @Sendable (DeviceReport) -> Prepared, _ body: (Prepared) throws -> Void) rethrows -> Int {
        for stream in streams.flushAll() { tcpStream(stream) }
        return try eachReport(prepare: prepare, body)
    }

    private func eachReport<Prepared: Sendable>(prepare: @escaping @Sendable (DeviceReport) -> Prepared, _ body: (Prepared) throws -> Void) rethrows -> Int {
        var count = 0
        for batch in ReportBatches(groups: deviceGroups(), senders: senders, vocabulary: vocabulary, lanes: options.lanes, prepare: prepare) {
            count += batch.count
            for result in batch { try body(result) }
        }
        return count
    }

    /// The devices' reports a batch at a time, for a caller that must wait between batches
    /// (the daemon writing each to the inventory); `finishing` first dissects the TCP streams
    /// still open, as `finishEach` does, otherwise they stay buffered as in `snapshot()`. The
    /// analyser must not be fed while the batches are being read.
    public func reportBatches<Prepared: Sendable>(finishing: Bool, prepare: @escaping @Sendable (DeviceReport) -> Prepared) -> ReportBatches<Prepared> {
        if finishing {
            for stream in streams.flushAll() { tcpStream(stream) }
        }
        return ReportBatches(groups: deviceGroups(), senders: senders, vocabulary: vocabulary, lanes: options.lanes, prepare: prepare)
    }

    /// Classifies every device as seen so far, covered first, leaving open TCP streams
    /// buffered: for a long-running capture that records its devices periodically.
    public func snapshot() -> [DeviceReport] {
        var reports: [DeviceReport] = []
        _ = eachReport(prepare: { @Sendable report in report }) { reports.append($0) }
        return reports.sorted(by: Self.reportOrder)
    }

    /// Covered first (by verdict severity), then by device key: the order every output lists.
    public static func reportOrder(_ lhs: DeviceReport, _ rhs: DeviceReport) -> Bool {
        if lhs.classification.verdict.severity != rhs.classification.verdict.severity {
            return lhs.classification.verdict.severity > rhs.classification.verdict.severity
        }
        return lhs.key < rhs.key
    }

    /// The result slots of one batch, written by several threads, each to its own indices.
    struct Slots<Value>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Value?>

        func store(_ value: Value, at index: Int) { (base + index).pointee = value }
    }

    /// The senders of each device, as indices into `senders`: one small array for all of them
    /// rather than one per device, since at 100,000 senders this exists when memory peaks.
    private func deviceGroups() -> DeviceGroups {
        DeviceGroups(keys: DeviceGrouping.deviceKeys(senders))
    }

    /// One device's report: its senders merged and classified.
    static func report(_ key: DeviceKey, _ senders: [PassiveDevice], vocabulary: EvidenceVocabulary, classifier: DeviceClassifier) -> DeviceReport {
        let device = DeviceGrouping.merge(key, senders, vocabulary: vocabulary)
        let classification = classifier.classify(device.observations)
        var mac = device.mac
        var macSource = device.macSource
        // A MAC the matcher read from the evidence (a fingerprint that carries it) is stated by the device too.
        if mac == nil, let stated = classification.identity.mac.flatMap(PayloadMAC.address) {
            (mac, macSource) = (stated, .payload)
        }
        return DeviceReport(
            key: key, mac: mac, macSource: macSource, addresses: device.addresses, firstSeen: device.firstSeen, lastSeen: device.lastSeen,
            packets: device.packets, observations: device.observations, classification: classification
        )
    }

    /// Forgets the senders not heard from since `cutoff`, for a capture that runs for months:
    /// the table then holds the network as it is now rather than every sender ever seen
    /// (visitors' laptops, address churn). Call it after their evidence was recorded; a sender
    /// that comes back starts a new record. Works per sender, so a device's old address is
    /// forgotten while its current one stays. Returns how many senders were forgotten.
    @discardableResult
    public func forgetDevices(notSeenSince cutoff: Date) -> Int {
        guard senders.contains(where: { $0.lastSeen < cutoff }) else { return 0 }
        let before = senders.count
        senders = senders.filter { $0.lastSeen >= cutoff }
        senderTable = SenderTable(senders)
        evidenceBytes = senders.reduce(0) { $0 + $1.heldBytes }
        return before - senders.count
    }

    // MARK: - Devices

    /// The sender's record, created on first sight. Senders are kept per (frame MAC, source
    /// address) and grouped into devices when reported (`DeviceGrouping`), so senders behind
    /// one router MAC never share a record.
    private func device(mac: MACAddress?, ip: IPAddress?, hopLimit: UInt8? = nil, time: Date, reference: PacketReference, countPacket: Bool = true) -> SenderKey? {
        let unicast = mac.flatMap { $0.isGroup || $0.isZero ? nil : $0 }
        let address = ip.flatMap { $0.isUnspecified ? nil : $0 }
        guard unicast != nil || address != nil else { return nil }
        let key = SenderKey(mac: unicast, ip: address)
        // One hash lookup on the common path: a sender seen before.
        if let index = senderTable.position(of: key, in: senders) {
            if countPacket { senders[index].saw(time: time, hopLimit: hopLimit) }
            return key
        }
        guard senders.count < options.maximumDevices else {
            counters.devicesDropped += 1
            return nil
        }
        var created = PassiveDevice(key: key, reference: unicast == nil ? .none : reference, time: time)
        if countPacket { created.saw(time: time, hopLimit: hopLimit) }
        senders.append(created)
        senderTable.insert(key, at: senders.count - 1, in: senders)
        return key
    }

    private func record(_ dissection: Dissection, for key: SenderKey?) {
        guard let key, let index = senderTable.position(of: key, in: senders) else { return }
        counters.observations += dissection.observations.count
        // The origin is written with the first observation added; the others share it.
        var origin: EvidenceOrigin? = dissection.origin
        for observation in dissection.observations {
            guard evidenceBytes < options.maximumEvidenceBytes else {
                counters.observationsDropped += 1
                continue
            }
            let added = senders[index].add(observation, origin: origin, vocabulary: &vocabulary)
            if added > 0 { origin = nil }
            evidenceBytes += added
        }
    }

    /// Dissects a payload and records what it says for `key`, now or (reading a file) with the
    /// next batch. `frameMAC`: drop a MAC the payload states when it is the frame's own.
    private func dissect(_ protocolName: String, _ payload: [UInt8], port: UInt16?, reference: PacketReference, time: Date, for key: SenderKey?, frameMAC: MACAddress? = nil) {
        let origin = EvidenceOrigin(kind: .passive, protocolName: protocolName, port: port.map(Int.init), reference: reference, time: time)
        submit(PendingDissection(work: .payload(payload), origin: origin, key: key, frameMAC: frameMAC))
    }

    /// Records observations made without a dissector, in turn with the dissections before them.
    private func record(_ observations: [Observation], origin: EvidenceOrigin, for key: SenderKey?) {
        submit(PendingDissection(work: .made(observations), origin: origin, key: key, frameMAC: nil))
    }

    private func submit(_ pending: PendingDissection) {
        guard batchesDissections else {
            finish(pending, pending.run())
            return
        }
        pendingDissections.append(pending)
        if case .payload(let payload) = pending.work { pendingBytes += payload.count }
        if pendingDissections.count >= Self.dissectionBatch || pendingBytes >= Self.dissectionBatchBytes { dissectPending() }
    }

    /// Dissections collected while reading a file: run on every core a batch at a time, while
    /// the next batch is read, then recorded in the order they arose, so the evidence is what
    /// one thread would have made.
    private var pendingDissections: [PendingDissection] = []
    private var pendingBytes = 0
    private var batchesDissections = false
    private var dissectionInFlight: DissectionBatch?
    static let dissectionBatch = 512
    static let dissectionBatchBytes = 4 << 20

    /// Starts the collected dissections, then records the batch before them: recording is
    /// the reading thread's work, and the other cores would idle through it if the next batch
    /// waited for it. Batches are still recorded in the order they were made.
    private func dissectPending() {
        guard !pendingDissections.isEmpty else { return }
        let batch = pendingDissections
        pendingDissections.removeAll(keepingCapacity: true)
        pendingBytes = 0
        let previous = dissectionInFlight
        dissectionInFlight = DissectionBatch(batch, lanes: options.lanes)
        previous?.collect(finish)
    }

    private func recordDissectionInFlight() {
        guard let batch = dissectionInFlight else { return }
        dissectionInFlight = nil
        batch.collect(finish)
    }

    static let lanes = max(1, min(UsableCores.count, 8))

    private func finish(_ pending: PendingDissection, _ dissection: Dissection) {
        counters.dissected += 1
        if dissection.failed { counters.error("dissect.\(dissection.origin.protocolName ?? "")") }
        record(pending.frameMAC.map { statedMACs(dissection, frameMAC: $0) } ?? dissection, for: pending.key)
    }

    /// A handshake record (22) whose first message is a ServerHello (2).
    static func opensServerFlight(_ payload: ArraySlice<UInt8>) -> Bool {
        let start = payload.startIndex
        return payload.count > 5 && payload[start] == 22 && payload[start + 1] == 3 && payload[start + 5] == 2
    }

    // MARK: - Client side of TCP

    /// What a host says as a client: the server name of a TLS ClientHello, the User-Agent of an
    /// HTTP request. Read from the first segment only; most devices' hellos and request heads fit.
    private func clientRequest(_ segment: TCPSegment, key: SenderKey?, time: Date, reference: PacketReference) {
        let payload = segment.payload
        let start = payload.startIndex
        let port = segment.header.destinationPort
        if Self.tlsPorts.contains(port) {
            // A handshake record (22) whose first message is a ClientHello (1).
            guard payload.count > 5, payload[start] == 22, payload[start + 1] == 3, payload[start + 5] == 1 else { return }
            dissect("tls-client-hello", Array(payload), port: port, reference: reference, time: time, for: key)
            return
        }
        guard HTTPRequestDissector.methods.contains(where: { payload.starts(with: $0) }) else { return }
        dissect("http-request", Array(payload.prefix(4096)), port: port, reference: reference, time: time, for: key)
    }

    // MARK: - Layer 2 announcements

    /// LLDP and CDP frames describe their sender; repeats (every 30–60 s) are skipped.
    private func linkAnnouncement(_ protocolName: String, _ payload: ArraySlice<UInt8>, mac: MACAddress?, time: Date, reference: PacketReference) {
        let key = device(mac: mac, ip: nil, time: time, reference: reference)
        let bytes = Array(payload)
        guard firstTime(key, protocolName, bytes) else { return }
        dissect(protocolName, bytes, port: nil, reference: reference, time: time, for: key)
    }

    // MARK: - Layer 2 SADP

    /// A layer-2 SADP frame (protocols.md §3.2): the op type at offset 10 says whether a device
    /// or a tool sent it; the fingerprint decides which ops are device-side.
    private func layer2SADP(_ payload: [UInt8], mac: MACAddress?, time: Date, reference: PacketReference) {
        let announced = payload.count >= 24 ? IPAddress(ipv4: payload, at: 20) : nil
        let key = device(mac: mac, ip: announced.flatMap { $0.isUnspecified ? nil : $0 }, time: time, reference: reference)
        guard payload.count >= 12, payload[0] == 0x21, payload[8] == 6, payload[9] == 4 else {
            counters.error("sadp-l2.malformed")
            return
        }
        let op = payload[10]
        let hex = String(op, radix: 16)
        let value = "0x8033 op 0x" + (op < 16 ? "0" + hex : hex)
        let origin = EvidenceOrigin(kind: .passive, protocolName: "sadp-l2", port: nil, reference: reference, time: time)
        record([Observation(field: ObservationField.sadpL2, value: value)], origin: origin, for: key)
    }

    // MARK: - UDP

    /// The payload stays a slice of the frame until a port says a dissector will read it: bulk
    /// datagrams (video, QUIC) are dropped without a copy.
    private func udp(_ header: TransportHeader, _ payload: ArraySlice<UInt8>, mac: MACAddress?, hopLimit: UInt8? = nil, time: Date, reference: PacketReference, countPacket: Bool = true) {
        let key = device(mac: mac, ip: header.source, hopLimit: hopLimit, time: time, reference: reference, countPacket: countPacket)
        guard let firstByte = payload.first else { return }
        let ports = (header.sourcePort, header.destinationPort)
        func either(_ port: UInt16) -> Bool { ports.0 == port || ports.1 == port }
        func contains(_ text: String) -> Bool { Self.contains(payload, Array(text.utf8)) }
        let protocolName: String
        let port: UInt16
        if either(37020) {
            // Only ProbeMatch answers describe a device; probes come from tools.
            guard contains("<ProbeMatch") else { return }
            (protocolName, port) = ("sadp", 37020)
        } else if either(37810) {
            (protocolName, port) = ("dhip", 37810)
        } else if either(5050) {
            // 0xA3 opens the tools' search request; answers start 0xB3.
            guard firstByte != 0xA3 else { return }
            (protocolName, port) = ("dahua-5050", 5050)
        } else if either(3702) {
            guard contains("ProbeMatch") || contains("Hello") else { return }
            (protocolName, port) = ("onvif-probematch", 3702)
        } else if either(1900) {
            // NOTIFY announcements and M-SEARCH answers come from the device; M-SEARCH from clients.
            guard payload.starts(with: Array("NOTIFY".utf8)) || payload.starts(with: Array("HTTP/".utf8)) else { return }
            (protocolName, port) = ("ssdp", 1900)
        } else if ports.0 == 546, ports.1 == 547 {
            // DHCPv6 client messages (RFC 8415 §7.2: clients send from 546 to 547); Advertise
            // and Reply go the other way and describe the server's offer.
            guard DHCPv6Dissector.clientMessageTypes.contains(firstByte) else { return }
            (protocolName, port) = ("dhcpv6", 547)
        } else if ports == (547, 547) {
            // A relay agent forwarding a client's message: it describes the client, whose
            // link-local address is the peer-address and whose MAC the DUID may state.
            guard firstByte == DHCPv6Dissector.relayForward else { return }
            relayedDHCPv6(Array(payload), time: time, reference: reference)
            return
        } else if either(5353), payload.count >= 12, payload[payload.startIndex + 2] & 0x80 != 0 {
            // mDNS answers describe the host that sends them (RFC 6762 §6: responses come from
            // the responder itself, to 224.0.0.251 or ff02::fb).
            (protocolName, port) = ("mdns", 5353)
        } else if either(67) || either(68) {
            // Client messages (BOOTREQUEST) describe the sender; server replies do not.
            guard ports.0 == 68, firstByte == 1 else { return }
            (protocolName, port) = ("dhcp", 67)
        } else if ports.1 == 123 {
            // NTP client requests (mode 3): the server a device is configured with.
            guard firstByte & 0x07 == 3 else { return }
            let origin = EvidenceOrigin(kind: .passive, protocolName: "ntp", port: 123, reference: reference, time: time)
            record([Observation(field: ObservationField.ntpServer, value: header.destination.description)], origin: origin, for: key)
            return
        } else if ports.0 == 161 {
            // An agent's answer to a monitoring system's poll: the system group names its maker.
            guard firstByte == 0x30 else { return }
            (protocolName, port) = ("snmp", 161)
        } else if either(53) || either(5353) {
            // Queries only: the names a device asks for are its own (protocols.md §9.3).
            guard payload.count >= 12, payload[payload.startIndex + 2] & 0x80 == 0 else { return }
            (protocolName, port) = ("dns", either(53) ? 53 : 5353)
        } else {
            return
        }
        let bytes = Array(payload)
        guard firstTime(key, protocolName, bytes) else { return }
        dissect(protocolName, bytes, port: port, reference: reference, time: time, for: key, frameMAC: protocolName == "dhcpv6" ? mac : nil)
    }

    // MARK: - IPv6 neighbour discovery and DHCPv6 relays

    /// ICMPv6: every message proves its sender's address; Router and Neighbor Solicitations and
    /// Advertisements (RFC 4861 §4) state a link-layer address as well. Duplicate address
    /// detection solicits from the unspecified address: that sender is its MAC alone.
    private func icmpv6(_ payload: ArraySlice<UInt8>, source: IPAddress, mac: MACAddress?, hopLimit: UInt8?, time: Date, reference: PacketReference) {
        let key = device(mac: mac, ip: source, hopLimit: hopLimit, time: time, reference: reference)
        guard let type = payload.first, NDPDissector.optionsOffset[type] != nil else { return }
        // RFC 4861 §7.1: a neighbour discovery message arrives with hop limit 255 or is invalid
        // (it was forwarded, or forged off-link).
        guard hopLimit == nil || hopLimit == 255 else {
            counters.error("ndp.hop-limit-not-255")
            return
        }
        let bytes = Array(payload)
        // The target is the sender's own address in duplicate address detection (a Neighbor
        // Solicitation from the unspecified address, RFC 4862 §5.4.2) and in an Advertisement
        // with the Override flag (RFC 4861 §4.4; proxies clear it, §7.2.8): a host that is
        // otherwise silent shows the addresses it is about to use.
        if bytes.count >= 24, type == 135 && source.isUnspecified || type == 136 && bytes[4] & 0x20 != 0,
           let target = IPAddress(ipv6: bytes, at: 8), !target.isUnspecified, target.high >> 56 != 0xFF {
            _ = device(mac: mac, ip: target, time: time, reference: reference, countPacket: false)
        }
        guard firstTime(key, "ndp", bytes) else { return }
        dissect("ndp", bytes, port: nil, reference: reference, time: time, for: key, frameMAC: mac)
    }

    /// A stated MAC equal to the frame's source MAC adds nothing to the frame's own `mac.oui`;
    /// a different one (a proxy, a raw-IP capture without link layer) is the payload's evidence.
    private func statedMACs(_ dissection: Dissection, frameMAC: MACAddress) -> Dissection {
        var kept = dissection
        kept.observations.removeAll { $0.field == ObservationField.macAddress && PayloadMAC.address($0.value) == frameMAC }
        return kept
    }

    /// A DHCPv6 Relay-forward: the client's message, attributed to the client's own address
    /// (peer-address) with no frame MAC, since the frame is the relay's. The DUID's MAC then
    /// names the device as a payload MAC.
    private func relayedDHCPv6(_ payload: [UInt8], time: Date, reference: PacketReference) {
        let relayed: (peer: [UInt8], message: [UInt8])?
        do {
            relayed = try DHCPv6Dissector.relayedClientMessage(payload)
        } catch {
            counters.error("dissect.dhcpv6")
            return
        }
        guard let relayed, let peer = IPAddress(ipv6: relayed.peer, at: 0), !peer.isUnspecified else { return }
        let key = device(mac: nil, ip: peer, time: time, reference: reference, countPacket: false)
        guard firstTime(key, "dhcpv6", relayed.message) else { return }
        dissect("dhcpv6", relayed.message, port: 547, reference: reference, time: time, for: key)
    }

    /// Devices repeat the same announcement (SSDP NOTIFY, DHIP and SADP answers to every search,
    /// the same HTTP or RTSP answer to every poll): a repeat from the same sender gives the same
    /// observations, and the first sighting is the one kept, so repeats are not dissected again.
    /// What counts as the same is `RepeatKey`'s (transaction IDs, dates and nonces aside).
    /// Bounded: the set is cleared when full, which only costs a re-dissection.
    private func firstTime(_ key: SenderKey?, _ protocolName: String, _ payload: [UInt8]) -> Bool {
        var hasher = Hasher()
        hasher.combine(key)
        hasher.combine(protocolName)
        RepeatKey.combine(protocolName: protocolName, payload, into: &hasher)
        let digest = hasher.finalize()
        if seenExchanges.count >= 65_536 { seenExchanges.removeAll(keepingCapacity: true) }
        guard seenExchanges.insert(digest).inserted else {
            counters.repeatsSkipped += 1
            return false
        }
        return true
    }

    // MARK: - TCP

    /// Picks the dissector by content first (a server may speak HTTP on any port), then by port.
    private func tcpStream(_ stream: ServerStream) {
        let port = stream.header.sourcePort
        let protocolName: String
        if stream.bytes.starts(with: Array("HTTP/".utf8)) {
            protocolName = "http"
        } else if stream.bytes.starts(with: Array("RTSP/".utf8)) {
            protocolName = "rtsp"
        } else if stream.bytes.count > 5, stream.bytes[0] == 22, stream.bytes[1] == 3 {
            protocolName = "tls-handshake"
        } else if DHIPFrame.isFramed(stream.bytes, minimumLength: DHIPFrame.headerLength) {
            // Dahua's framing, on 5000, 37777 or a web port alike.
            protocolName = "dhip"
        } else {
            switch port {
            // Other services use 5000 too (NAS web interfaces, development servers).
            case Self.dhipPort: return
            case 8000: protocolName = "hikvision-8000"
            case 37777: protocolName = "dahua-37777"
            case 554, 8554: protocolName = "rtsp"
            // Encrypted traffic (TLS 1.3, or a connection whose start was not captured).
            case _ where Self.tlsPorts.contains(port): return
            default:
                counters.error("tcp.unrecognised-stream")
                return
            }
        }
        let key = device(mac: stream.sourceMAC, ip: stream.header.source, time: stream.time, reference: stream.reference, countPacket: false)
        guard firstTime(key, protocolName, stream.bytes) else { return }
        dissect(protocolName, stream.bytes, port: port, reference: stream.reference, time: stream.time, for: key)
    }

    static func contains<Bytes: RandomAccessCollection<UInt8>>(_ haystack: Bytes, _ needle: [UInt8]) -> Bool where Bytes.Index == Int {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
