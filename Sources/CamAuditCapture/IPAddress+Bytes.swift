import CamAuditModel

/// Addresses read out of captured headers, every read bounds-checked.
extension IPAddress {
    init?(ipv4 bytes: [UInt8], at offset: Int) {
        guard let value = bytes.u32(offset) else { return nil }
        self.init(ipv4: value)
    }

    init?(ipv6 bytes: [UInt8], at offset: Int) {
        guard let a = bytes.u32(offset), let b = bytes.u32(offset + 4), let c = bytes.u32(offset + 8), let d = bytes.u32(offset + 12) else { return nil }
        self.init(ipv6: UInt64(a) << 32 | UInt64(b), UInt64(c) << 32 | UInt64(d))
    }
}
