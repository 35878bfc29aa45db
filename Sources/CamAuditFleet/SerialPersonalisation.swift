/// Gives each simulated unit its own serial numbers. The corpus records carry the serial of the
/// one unit they were recorded from; copied unchanged, every Dahua camera in the district would
/// claim the same serial, and an inventory that anchors devices by serial would merge them.
/// Each recorded serial is replaced by one of the same length that keeps its first characters and
/// ends in five characters derived from the device's name, so binary framings stay valid.
enum SerialPersonalisation {
    /// Serials (and Hikvision realm tags) that occur in the records the fleet answers with.
    static let recordedSerials = [
        "1F006E4PAX00075", "4M0747EPAA1D284", "4C045ADPAG60CD", "4J0186FPAG00123", "K3LJ3400209RH", "O9RF220012635",
        "DS-KH6210-L0120181114WR123456789", "DS-2CD2386G2-IU20240101AAWR123",
        "IP Camera(C2183)", "IP Camera(C2875)", "IP Camera(83813)",
    ]

    static func tag(for name: String) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let alphabet = Array("0123456789ABCDEFGHJKLMNPRSTUVWXYZ".utf8)
        return (0..<5).map { alphabet[Int((hash >> (UInt64($0) * 6)) % UInt64(alphabet.count))] }
    }

    static func apply(_ device: FleetDevice) -> FleetDevice {
        let tag = tag(for: device.name)
        let replacements = recordedSerials.map { serial -> ([UInt8], [UInt8]) in
            let old = Array(serial.utf8)
            // Keep a realm's closing parenthesis; replace the five characters before it.
            let end = old.last == UInt8(ascii: ")") ? old.count - 1 : old.count
            var new = old
            new.replaceSubrange((end - 5)..<end, with: tag)
            return (old, new)
        }
        func fix(_ bytes: [UInt8]) -> [UInt8] {
            var result = bytes
            for (old, new) in replacements { result = replacingAll(old, with: new, in: result) }
            return result
        }
        func fix(_ text: String) -> String { String(decoding: fix(Array(text.utf8)), as: UTF8.self) }
        var copy = device
        copy.tcp = device.tcp.map { service in
            var service = service
            switch service.behaviour {
            case .http(var routes):
                routes.routes = routes.routes.map { route in
                    var route = route
                    if case .fixed(let bytes) = route.answer { route.answer = .fixed(fix(bytes)) }
                    return route
                }
                routes.fallback = fix(routes.fallback)
                service.behaviour = .http(routes)
            case .rtsp(let options, let describe): service.behaviour = .rtsp(options: fix(options), describe: fix(describe))
            case .replyToAnyBytes(let bytes): service.behaviour = .replyToAnyBytes(fix(bytes))
            case .dvripRealm(let bytes): service.behaviour = .dvripRealm(fix(bytes))
            default: break
            }
            return service
        }
        copy.udp = device.udp.map { service in
            var service = service
            switch service.behaviour {
            case .sadp(let answer): service.behaviour = .sadp(answer: fix(answer))
            case .dhip(let answer): service.behaviour = .dhip(answer: fix(answer))
            case .dahuaLegacy(let answer): service.behaviour = .dahuaLegacy(answer: fix(answer))
            default: break
            }
            return service
        }
        return copy
    }

    static func replacingAll(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard !old.isEmpty, bytes.count >= old.count else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + old.count <= bytes.count, bytes[index] == old[0], bytes[index..<index + old.count].elementsEqual(old) {
                result += new
                index += old.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }
}
