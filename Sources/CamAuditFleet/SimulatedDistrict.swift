import Foundation

/// Lays the catalogue out as a district: devices spread over the sites' subnets (one /24 per
/// site: base + (site+1)·256 + host), each with its own MAC. The same arguments always give the
/// same devices, addresses and MACs.
public enum SimulatedDistrict {
    /// The default loopback base: 127.77.0.0/16 is local on Linux without any configuration.
    public static let defaultBase = "127.77.0.0"

    /// The number of devices in the district as designed; more are made by repeating the mix.
    public static var designedSize: Int { DistrictCatalogue.mix.reduce(0) { $0 + $1.count } }

    public enum LayoutError: Error, CustomStringConvertible {
        case badBase(String)
        case tooMany(Int)

        public var description: String {
            switch self {
            case .badBase(let text): "'\(text)' is not an IPv4 address ending in .0.0 (for example 127.77.0.0 or 10.77.0.0)"
            case .tooMany(let count): "\(count) devices do not fit one /16 at \(maximumDevices) at most; use fewer"
            }
        }
    }

    static let hostsPerSite = 40
    static let firstHost = 10
    public static let maximumDevices = 254 * hostsPerSite

    /// The district's devices: the designed mix (83 devices) when `count` is nil, else `count`
    /// devices, repeating the mix.
    public static func devices(base: String = defaultBase, count: Int? = nil) throws -> [FleetDevice] {
        guard let baseValue = IPv4.parse(base), baseValue & 0xFFFF == 0 else { throw LayoutError.badBase(base) }
        let total = count ?? designedSize
        guard total <= maximumDevices else { throw LayoutError.tooMany(total) }
        let order = interleavedProfiles()
        let siteCount = max(DistrictCatalogue.siteNames.count, (total + hostsPerSite - 1) / hostsPerSite)
        var unitsSoFar: [String: Int] = [:]
        var devices: [FleetDevice] = []
        devices.reserveCapacity(total)
        for index in 0..<total {
            let profile = order[index % order.count]
            let unit = unitsSoFar[profile.key, default: 0] + 1
            unitsSoFar[profile.key] = unit
            let siteIndex = index % siteCount
            let site = siteIndex < DistrictCatalogue.siteNames.count ? DistrictCatalogue.siteNames[siteIndex] : "site-\(String(format: "%03d", siteIndex + 1))"
            let host = firstHost + index / siteCount
            let address = IPv4.format(baseValue + UInt32(siteIndex + 1) << 8 + UInt32(host))
            let name = "\(site)-\(profile.key)-\(String(format: "%02d", unit))"
            let mac = macAddress(ouis: profile.ouis, name: name, unit: unit)
            let context = DeviceContext(name: name, address: address, mac: mac, unit: unit)
            let services = profile.services(context)
            devices.append(SerialPersonalisation.apply(FleetDevice(
                name: name, site: site, address: address, mac: mac, truth: profile.truth,
                profile: profile.key, tcp: services.tcp, udp: services.udp)))
        }
        return devices
    }

    /// Every profile instance of the mix, in a fixed pseudo-random order so each site gets a mix.
    static func interleavedProfiles() -> [DeviceProfile] {
        var expanded: [DeviceProfile] = []
        for (profile, count) in DistrictCatalogue.mix { expanded += Array(repeating: profile, count: count) }
        var state: UInt64 = 0x0ca3_a0d1_7f1e_e700
        for index in stride(from: expanded.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let other = Int((state >> 33) % UInt64(index + 1))
            expanded.swapAt(index, other)
        }
        return expanded
    }

    /// The maker's OUI (chosen by unit) and three bytes from the name; without an OUI, a locally
    /// administered MAC (first octet 0x02).
    static func macAddress(ouis: [String], name: String, unit: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var octets: [UInt8]
        if ouis.isEmpty {
            octets = [0x02] + (0..<5).map { UInt8(truncatingIfNeeded: hash >> (8 * $0)) }
        } else {
            let oui = ouis[(unit - 1) % ouis.count]
            let prefix = stride(from: 0, to: 6, by: 2).map { offset -> UInt8 in
                let start = oui.index(oui.startIndex, offsetBy: offset)
                return UInt8(oui[start..<oui.index(start, offsetBy: 2)], radix: 16) ?? 0
            }
            octets = prefix + (0..<3).map { UInt8(truncatingIfNeeded: hash >> (8 * $0)) }
        }
        return octets.map { String($0, radix: 16).leftPadded(2) }.joined(separator: ":")
    }
}

/// Dotted IPv4 text to and from a host-order value.
enum IPv4 {
    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    static func format(_ value: UInt32) -> String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }
}
