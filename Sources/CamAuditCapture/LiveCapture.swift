import CPcap
import Foundation

/// Captures from a network interface with libpcap and hands the frames to Swift concurrency.
///
/// It only receives: the handle is never used to inject, and nothing here opens another socket.
/// libpcap blocks, so the capture runs on its own thread and passes packets through a bounded
/// `AsyncStream`; a consumer that falls behind loses packets (counted), never memory.
public final class LiveCapture: @unchecked Sendable {
    public struct Options: Sendable {
        public var interface: String
        /// A BPF expression; nil for `CaptureFilter.defaultExpression(linkType:)`.
        public var filter: String?
        /// Promiscuous mode is for SPAN/mirror ports; otherwise the host's own traffic,
        /// broadcasts and multicasts (where discovery answers go) are what is wanted.
        public var promiscuous = false
        /// The man page calls 65535 enough on most networks; streams are cut at 16 KiB anyway.
        public var snapshotLength: Int32 = 65_535
        /// Kernel ring size: room for bursts (a whole subnet answering a search) while the
        /// consumer is busy.
        public var bufferSize: Int32 = 8 << 20
        /// How long a read waits before checking whether to stop.
        public var readTimeoutMilliseconds: Int32 = 250
        /// Packets waiting for the consumer; beyond it new packets are dropped and counted.
        public var streamCapacity = 4096
        /// Bytes of those packets: the bound that holds when packets are large (64 KiB on
        /// loopback), so a consumer that falls behind costs at most this much memory.
        public var streamByteBudget = 16 << 20

        public init(interface: String, filter: String? = nil, promiscuous: Bool = false) {
            self.interface = interface
            self.filter = filter
            self.promiscuous = promiscuous
        }
    }

    /// What was lost and where: the kernel (`ps_drop`: ring full), the interface or driver
    /// (`ps_ifdrop`), or the hand-over to the consumer.
    public struct Statistics: Sendable, Equatable {
        /// Packets libpcap read and passed to the stream.
        public var captured = 0
        /// `ps_recv`: packets that passed the filter in the kernel.
        public var received: UInt64 = 0
        public var kernelDropped: UInt64 = 0
        public var interfaceDropped: UInt64 = 0
        /// Packets the stream had no room for because the consumer fell behind.
        public var streamDropped = 0

        public var totalDropped: UInt64 { kernelDropped + interfaceDropped + UInt64(streamDropped) }
    }

    public let options: Options
    public let linkType: Int32
    /// The filter in force.
    public let filterExpression: String
    /// Things the user should know that did not stop the capture (promiscuous mode refused, …).
    public let notices: [String]

    private let lock = NSLock()
    private var handle: OpaquePointer?
    private var stopRequested = false
    private var started = false
    private var stats = Statistics()
    private var failureMessage: String?

    /// Opens and activates the interface and installs the filter. Nothing is read until `start()`.
    public init(options: Options) throws(CaptureError) {
        self.options = options
        var notices: [String] = []
        var opened = try Self.open(options, promiscuous: options.promiscuous)
        if case .promiscuousRefused = opened {
            notices.append("promiscuous mode was refused (grant CAP_NET_ADMIN to allow it); capturing without it: only this host's traffic, broadcasts and multicasts are seen")
            opened = try Self.open(options, promiscuous: false)
        }
        guard case .handle(let handle, let warning) = opened else {
            throw CaptureError(.interface, path: options.interface, message: "could not be opened")
        }
        if let warning { notices.append(warning) }
        linkType = pcap_datalink(handle)
        guard LinkType.supported.contains(linkType) else {
            pcap_close(handle)
            throw CaptureError(.interface, path: options.interface, message: "link type \(linkType) is not supported; listen on an Ethernet interface (or 'any')")
        }
        let expression = options.filter ?? CaptureFilter.defaultExpression(linkType: linkType)
        var program = bpf_program()
        guard pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw CaptureError(.filter, path: options.interface, message: "the filter does not compile for link type \(linkType) (libpcap: \(reason))")
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw CaptureError(.filter, path: options.interface, message: "the filter could not be installed (libpcap: \(reason))")
        }
        filterExpression = expression
        self.notices = notices
        self.handle = handle
    }

    deinit {
        if let handle { pcap_close(handle) }
    }

    private enum Opened {
        case handle(OpaquePointer, warning: String?)
        case promiscuousRefused
    }

    /// pcap_create → options → pcap_activate, with each failure worded for the person running it.
    private static func open(_ options: Options, promiscuous: Bool) throws(CaptureError) -> Opened {
        let interface = options.interface
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            let reason = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw CaptureError(.interface, path: interface, message: "cannot be opened (libpcap: \(reason))")
        }
        pcap_set_snaplen(handle, options.snapshotLength)
        pcap_set_promisc(handle, promiscuous ? 1 : 0)
        // Immediate mode: discovery answers are few and small; waiting to fill a buffer block
        // would only delay them. The timeout still bounds each read so stop() is noticed.
        pcap_set_immediate_mode(handle, 1)
        pcap_set_timeout(handle, options.readTimeoutMilliseconds)
        pcap_set_buffer_size(handle, options.bufferSize)
        let status = pcap_activate(handle)
        // pcap_geterr is only meaningful for PCAP_ERROR and the warnings; read it before closing.
        let detail = String(cString: pcap_geterr(handle))
        if status >= 0 {
            let warning: String?
            switch status {
            case 0: warning = nil
            case PCAP_WARNING_PROMISC_NOTSUP: warning = "\(interface) does not support promiscuous mode; capturing without it"
            default: warning = "libpcap warning: \(detail.isEmpty ? String(cString: pcap_statustostr(status)) : detail)"
            }
            return .handle(handle, warning: warning)
        }
        pcap_close(handle)
        switch status {
        case PCAP_ERROR_PROMISC_PERM_DENIED:
            return .promiscuousRefused
        case PCAP_ERROR_PERM_DENIED:
            throw CaptureError(.permission, path: interface, message: "capturing needs root or CAP_NET_RAW: run as root, or grant the capability (setcap cap_net_raw=eip on the binary; systemd: AmbientCapabilities=CAP_NET_RAW)")
        case PCAP_ERROR_NO_SUCH_DEVICE:
            throw CaptureError(.interface, path: interface, message: "no such interface; list the interfaces with `ip link`")
        case PCAP_ERROR_IFACE_NOT_UP:
            throw CaptureError(.interface, path: interface, message: "the interface is down; bring it up with `ip link set \(interface) up`")
        default:
            let reason = detail.isEmpty ? String(cString: pcap_statustostr(status)) : detail
            throw CaptureError(.interface, path: interface, message: "cannot be captured on (libpcap: \(reason))")
        }
    }

    /// Starts the capture thread and returns the packets; call once. The stream finishes after
    /// `stop()`, or when the capture fails (`failure` then says why).
    public func start() -> CaptureStream {
        let (packets, continuation) = AsyncStream.makeStream(of: CapturedPacket.self, bufferingPolicy: .bufferingOldest(options.streamCapacity))
        let stream = CaptureStream(packets: packets, queued: QueuedBytes(budget: options.streamByteBudget))
        lock.lock()
        precondition(!started, "LiveCapture.start() called twice")
        started = true
        let opened = handle != nil
        lock.unlock()
        continuation.onTermination = { [weak self] _ in self?.stop() }
        guard opened else {
            continuation.finish()
            return stream
        }
        let thread = Thread { [self] in
            run(continuation, queued: stream.queued)
        }
        thread.name = "camaudit-capture"
        thread.start()
        return stream
    }

    /// Asks the capture to end; safe from any thread (the signal thread, a timer), and
    /// more than once. Results already read still reach the consumer.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        stopRequested = true
        // pcap_breakloop is the one call libpcap allows from another thread; on Linux it also
        // wakes a read blocked in poll().
        if let handle { pcap_breakloop(handle) }
    }

    /// The counts so far: ours (captured, dropped from the stream) as each packet is taken,
    /// libpcap's about once a second while packets come, and all exactly at the end.
    public var statistics: Statistics {
        lock.lock()
        defer { lock.unlock() }
        return stats
    }

    /// Why the capture ended on its own, if it did (interface gone, read error).
    public var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return failureMessage
    }

    private var shouldStop: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    /// The capture thread: reads until stopped, then records the final counts and closes the
    /// handle itself, so no other thread ever calls into libpcap on it but pcap_breakloop.
    private func run(_ continuation: AsyncStream<CapturedPacket>.Continuation, queued: QueuedBytes) {
        lock.lock()
        let opened = self.handle
        lock.unlock()
        guard let handle = opened else { return continuation.finish() }
        var captured = 0
        var streamDropped = 0
        var lastStats = Date()
        var failure: String?
        while !shouldStop {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = pcap_next_ex(handle, &header, &data)
            if status == 1, let header, let data {
                captured += 1
                let length = min(Int(header.pointee.caplen), Int(options.snapshotLength))
                if !queued.reserve(length) {
                    streamDropped += 1
                } else {
                    let seconds = Double(header.pointee.ts.tv_sec) + Double(header.pointee.ts.tv_usec) / 1_000_000
                    let packet = CapturedPacket(
                        number: captured, time: Date(timeIntervalSince1970: seconds),
                        data: Array(UnsafeBufferPointer(start: data, count: length)), originalLength: Int(header.pointee.len)
                    )
                    switch continuation.yield(packet) {
                    case .dropped:
                        streamDropped += 1
                        queued.release(length)
                    case .terminated: stop()
                    case .enqueued: break
                    @unknown default: break
                    }
                }
            } else if status == PCAP_ERROR_BREAK {
                break
            } else if status < 0 {
                failure = "capture on \(options.interface) failed: \(String(cString: pcap_geterr(handle)))"
                break
            }
            // pcap_stats is called here, on the capture thread, because it is not thread-safe;
            // our own counts are published with every packet, since the loop can block in
            // pcap_next_ex for as long as nothing arrives (immediate mode ignores the timeout).
            if Date().timeIntervalSince(lastStats) >= 1 {
                lastStats = Date()
                record(handle, captured: captured, streamDropped: streamDropped)
            } else if status == 1 {
                publish(captured: captured, streamDropped: streamDropped)
            }
        }
        record(handle, captured: captured, streamDropped: streamDropped)
        lock.lock()
        failureMessage = failure
        self.handle = nil
        pcap_close(handle)
        lock.unlock()
        continuation.finish()
    }

    private func publish(captured: Int, streamDropped: Int) {
        lock.lock()
        stats.captured = captured
        stats.streamDropped = streamDropped
        lock.unlock()
    }

    private func record(_ handle: OpaquePointer, captured: Int, streamDropped: Int) {
        var pcapStats = pcap_stat()
        let ok = pcap_stats(handle, &pcapStats) == 0
        lock.lock()
        stats.captured = captured
        stats.streamDropped = streamDropped
        if ok {
            stats.received = UInt64(pcapStats.ps_recv)
            stats.kernelDropped = UInt64(pcapStats.ps_drop)
            stats.interfaceDropped = UInt64(pcapStats.ps_ifdrop)
        }
        lock.unlock()
    }
}
