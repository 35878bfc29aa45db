import CamAuditModel
import Foundation

extension ImportRow {
    /// The row as evidence for the matcher: the MAC (OUI registry), the names the device gave
    /// (DHCP host name and vendor class, LLDP system and inventory), and where it was seen.
    /// Each observation's reference says where the fact came from: the switch port when the
    /// file names one, and always the file and line.
    func observations(kind: ImportKind, path: String) -> [Observation] {
        let fileLine = "\((path as NSString).lastPathComponent):\(line)"
        let reference = location.map { "\($0) (\(fileLine))" } ?? fileLine
        let source = EvidenceSource(kind: .imported, protocolName: kind.rawValue, reference: reference, time: time)
        var out = [Observation(field: ObservationField.macAddress, value: mac, source: source)]
        func add(_ field: String, _ value: String?) {
            if let value, !value.isEmpty { out.append(Observation(field: field, value: value, source: source)) }
        }
        add(ObservationField.dhcpHostname, hostname)
        add(ObservationField.dhcpVendorClass, vendorClass)
        add(ObservationField.lldpSystemName, systemName)
        add(ObservationField.lldpSystemDescription, systemDescription)
        add(ObservationField.lldpManufacturer, manufacturer)
        add(ObservationField.lldpModel, model)
        add(ObservationField.lldpSerial, serial)
        add(ObservationField.lldpFirmware, firmware)
        add(ObservationField.switchPort, location)
        return out
    }
}
