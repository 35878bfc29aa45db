@testable import CamAuditCapture
import Testing

@Suite struct PortSetTests {
    /// Every port, members and not, at the edges of the map's words and of the port range.
    @Test func answersAsTheSetItWasBuiltFrom() {
        let ports: Set<UInt16> = [0, 63, 64, 80, 443, 554, 8443, 37777, 65535]
        let map = PortSet(ports)
        for port in UInt16.min...UInt16.max {
            #expect(map.contains(port) == ports.contains(port), "port \(port)")
        }
        #expect(PassiveAnalyzer.tcpServerPorts.allSatisfy(PassiveAnalyzer.tcpServerPortMap.contains))
        #expect(!PassiveAnalyzer.tcpServerPortMap.contains(22))
    }
}
