/// A run of consecutive addresses of one family. IPv6 runs stay inside one /64, so the last
/// 64 bits (`lower…upper`) are all that vary; that keeps arithmetic in UInt64.
struct AddressInterval: Hashable, Sendable {
    var isIPv6: Bool
    /// The upper 64 bits, fixed across the run (0 for IPv4).
    var high: UInt64
    var lower: UInt64
    var upper: UInt64

    init(_ first: ScanAddress, _ last: ScanAddress) {
        isIPv6 = first.isIPv6
        high = first.high
        lower = first.low
        upper = last.low
    }

    init(isIPv6: Bool, high: UInt64, lower: UInt64, upper: UInt64) {
        self.isIPv6 = isIPv6
        self.high = high
        self.lower = lower
        self.upper = upper
    }

    /// Number of addresses, saturating (a whole /64 does not fit in an Int).
    var count: Int {
        let span = upper - lower
        return span >= UInt64(Int.max) ? Int.max : Int(span) + 1
    }

    var first: ScanAddress { address(lower) }
    var last: ScanAddress { address(upper) }

    func address(_ low: UInt64) -> ScanAddress {
        isIPv6 ? ScanAddress(ipv6: high, low) : ScanAddress(ipv4: UInt32(truncatingIfNeeded: low))
    }

    func contains(_ address: ScanAddress) -> Bool {
        address.isIPv6 == isIPv6 && address.high == high && address.low >= lower && address.low <= upper
    }

    func sameSpace(_ other: AddressInterval) -> Bool { isIPv6 == other.isIPv6 && high == other.high }

    func overlaps(_ other: AddressInterval) -> Bool {
        sameSpace(other) && lower <= other.upper && other.lower <= upper
    }

    /// True when every address of `self` lies in `other`.
    func isInside(_ other: AddressInterval) -> Bool {
        sameSpace(other) && lower >= other.lower && upper <= other.upper
    }

    /// What is left of `self` after removing `other`: zero, one or two runs.
    func subtracting(_ other: AddressInterval) -> [AddressInterval] {
        guard overlaps(other) else { return [self] }
        var rest: [AddressInterval] = []
        if other.lower > lower { rest.append(AddressInterval(isIPv6: isIPv6, high: high, lower: lower, upper: other.lower - 1)) }
        if other.upper < upper { rest.append(AddressInterval(isIPv6: isIPv6, high: high, lower: other.upper + 1, upper: upper)) }
        return rest
    }

    var description: String { count == 1 ? first.description : "\(first)-\(last)" }
}
