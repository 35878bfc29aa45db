import CPcap
import Foundation

/// One record of a capture file. `data` holds the captured bytes only (caplen): the original
/// length (len) is what was on the wire and is never used to index anything.
public struct CapturedPacket: Sendable {
    /// 1-based position in the file, as Wireshark numbers frames: what `FILE#N` references point at.
    public var number: Int
    public var time: Date
    public var data: [UInt8]
    public var originalLength: Int
}

/// Reads pcap and pcapng files through libpcap (`pcap_open_offline`, `pcap_next_ex`): libpcap
/// already knows both formats, byte orders and timestamp precisions, and validates record
/// lengths against the snaplen.
public final class PcapFileReader {
    public let path: String
    /// The link type (`pcap_datalink`), e.g. 1 Ethernet, 113 Linux SLL, 276 Linux SLL2.
    public let linkType: Int32
    /// The file's size, for progress; 0 when unknown.
    public let fileSize: Int64
    private var handle: OpaquePointer?
    private var count = 0
    /// The last packet's storage, reused for the next one when the caller has let go of it:
    /// one allocation per file instead of one per packet.
    private var buffer: [UInt8] = []
    /// stdio's buffer for the file, owned here (see `open`).
    private var streamBuffer: UnsafeMutablePointer<CChar>?

    /// Longest record copied out; libpcap's own cap (MAXIMUM_SNAPLEN) is the same.
    static let maximumCaptureLength = 262_144

    public init(path: String) throws(CaptureError) {
        self.path = path
        var isDirectory: ObjCBool = false
        // "-" is standard input, which libpcap reads itself (tcpdump -w - | camaudit analyze -).
        guard path == "-" || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaptureError(.open, path: path, message: "no such file; give the path of a pcap or pcapng capture (for example one written by tcpdump -w)")
        }
        guard !isDirectory.boolValue else {
            throw CaptureError(.open, path: path, message: "is a directory; give the capture files inside it")
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let opened = Self.open(path, &errorBuffer, buffer: &streamBuffer) else {
            let reason = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw CaptureError(.open, path: path, message: "cannot be read as a pcap or pcapng capture (libpcap: \(reason)); check that the file is a complete capture, not a text export")
        }
        handle = opened
        linkType = pcap_datalink(opened)
        let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        fileSize = size ?? 0
    }

    deinit {
        close()
    }

    /// Opens a file for libpcap through our own `FILE` with a 128 KiB buffer: stdio's default
    /// (one page) costs a read system call per 4 KiB, a quarter of a million per gigabyte; a
    /// 4 MiB buffer was slower again (the data has left the cache before libpcap copies it).
    /// glibc ignores the size unless it is given the buffer, so the reader owns one and frees it
    /// after `pcap_close` has closed the `FILE`.
    private static func open(_ path: String, _ errorBuffer: inout [CChar], buffer: inout UnsafeMutablePointer<CChar>?) -> OpaquePointer? {
        guard path != "-", let file = fopen(path, "rb") else { return pcap_open_offline(path, &errorBuffer) }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: streamBufferSize)
        setvbuf(file, storage, _IOFBF, streamBufferSize)
        guard let handle = pcap_fopen_offline(file, &errorBuffer) else {
            fclose(file)
            storage.deallocate()
            return nil
        }
        buffer = storage
        return handle
    }

    static let streamBufferSize = 128 << 10

    /// How far into the file libpcap has read, for progress reports.
    public var bytesRead: Int64 {
        guard let handle, let file = pcap_file(handle) else { return 0 }
        return Int64(ftello(file))
    }

    /// The next packet, nil at the end of the file. A record that cannot be read (a file cut
    /// mid-packet, a corrupt length) throws: everything before it has already been returned.
    public func next() throws(CaptureError) -> CapturedPacket? {
        guard let handle else { return nil }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let status = pcap_next_ex(handle, &header, &data)
        switch status {
        case 1:
            count += 1
            guard let header, let data else { return CapturedPacket(number: count, time: Date(timeIntervalSince1970: 0), data: [], originalLength: 0) }
            let captured = min(Int(header.pointee.caplen), Self.maximumCaptureLength)
            let seconds = Double(header.pointee.ts.tv_sec) + Double(header.pointee.ts.tv_usec) / 1_000_000
            var bytes = buffer
            buffer = []
            // Unique unless the caller kept the previous packet: then this copies, as it must.
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: captured))
            buffer = bytes
            return CapturedPacket(number: count, time: Date(timeIntervalSince1970: seconds), data: bytes, originalLength: Int(header.pointee.len))
        case PCAP_ERROR_BREAK:
            close()
            return nil
        default:
            let reason = String(cString: pcap_geterr(handle))
            close()
            throw CaptureError(.read, path: path, message: "stopped after packet \(count): \(reason); the packets before it were analysed (the file is probably truncated or corrupt)")
        }
    }

    private func close() {
        if let handle { pcap_close(handle) }
        handle = nil
        streamBuffer?.deallocate()
        streamBuffer = nil
    }
}
