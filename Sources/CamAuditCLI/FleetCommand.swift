import ArgumentParser
import CamAuditFleet
import CamAuditModel
import Foundation

struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "The simulated camera fleet: a district of devices answering from recorded responses.",
        subcommands: [FleetServeCommand.self, FleetListCommand.self]
    )
}

/// Options that choose which simulated devices, shared by `serve` and `list`.
struct FleetSelection: ParsableArguments {
    @Option(help: ArgumentHelp("First address of the /16 the district lives in; each site is a /24 inside it.", valueName: "ADDRESS"))
    var base = SimulatedDistrict.defaultBase

    @Option(help: ArgumentHelp("Number of devices (default: the designed district of \(SimulatedDistrict.designedSize); more repeat its mix).", valueName: "N"))
    var devices: Int?

    @Option(help: ArgumentHelp("Number of sites, one /24 each (default: 6, more for large fleets; 1 puts every device in one /24).", valueName: "N"))
    var sites: Int?

    @Option(help: ArgumentHelp("Serve or list only the device with this name (see `camaudit fleet list`).", valueName: "NAME"))
    var device: String?

    func validate() throws {
        if let devices, devices < 1 || devices > SimulatedDistrict.maximumDevices {
            throw ValidationError("--devices must be between 1 and \(SimulatedDistrict.maximumDevices)")
        }
    }

    func resolve() throws -> [FleetDevice] {
        let all: [FleetDevice]
        do {
            all = try SimulatedDistrict.devices(base: base, count: devices, sites: sites)
        } catch {
            throw ValidationError("\(error)")
        }
        guard let device else { return all }
        guard let match = all.first(where: { $0.name == device }) else {
            throw ValidationError("no simulated device named '\(device)'; `camaudit fleet list` shows the names")
        }
        return [match]
    }
}

struct FleetServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulated district on loopback (127.77.x.y by default) until Ctrl-C or SIGTERM.",
        discussion: """
        Every device listens on its own address: HTTP, RTSP, TCP/8000 and TCP/37777 where its kind \
        has them, and unicast SADP (37020), DHIP (37810), Dahua 5050, WS-Discovery (3702) and SSDP \
        (1900). The whole 127.0.0.0/8 is local on Linux, so no set-up is needed; ports below 1024 \
        need root (or `unshare --user --map-root-user --net`). Every request received is logged \
        (--log, JSON Lines) so a test can prove the scanner never logged in, fetched video or wrote.
        """
    )

    @OptionGroup var selection: FleetSelection

    @Option(help: ArgumentHelp("Append every request received to FILE as JSON Lines.", valueName: "FILE"))
    var log: String?

    @Option(help: ArgumentHelp("Answer multicast and broadcast discovery on this interface (one device per network namespace; with --device).", valueName: "IFACE"))
    var multicastInterface: String?

    @Flag(help: "Answer over IPv6 only: bind every port to :: and join ff02::c on --multicast-interface (an IPv6-only device in a namespace).")
    var ipv6Only = false

    func validate() throws {
        if multicastInterface != nil, selection.device == nil {
            throw ValidationError("--multicast-interface needs --device: every device would answer every multicast probe otherwise")
        }
        if ipv6Only, multicastInterface == nil {
            throw ValidationError("--ipv6-only needs --multicast-interface IFACE: the link it answers on")
        }
    }

    func run() async throws {
        let devices = try selection.resolve()
        let requestLog: FleetRequestLog
        do {
            requestLog = try FleetRequestLog(path: log)
        } catch {
            throw RuntimeFailure(description: "\(error)")
        }
        let server: FleetServer
        do {
            server = try await FleetServer.start(devices: devices, log: requestLog,
                                                 options: FleetServer.Options(multicastInterface: multicastInterface, ipv6Only: ipv6Only))
        } catch {
            throw RuntimeFailure(description: "\(error)")
        }
        let (stopped, stop) = AsyncStream<Void>.makeStream()
        let signals = StopSignals { stop.finish() }
        FleetTable.print(devices)
        let covered = devices.filter(\.truth.covered).count
        Output.line("")
        Output.line("serving \(devices.count) devices (\(covered) made by Hikvision or Dahua) on \(server.listenerCount) ports; Ctrl-C or SIGTERM stops")
        Output.flush()
        for await _ in stopped {}
        signals.cancel()
        await server.stop()
        let violations = requestLog.violations
        Output.line("stopped after \(requestLog.all.count) requests; \(violations.count) broke the read-only promise")
        for (request, reason) in violations.prefix(20) {
            Output.line("  \(request.source) -> \(request.device) \(request.protocolName)/\(request.port): \(reason)")
        }
    }
}

struct FleetListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the simulated devices with their addresses, MACs, ports and the truth about them (no network)."
    )

    @OptionGroup var selection: FleetSelection

    @Flag(help: "One JSON object a line: the answer key a scan is graded against.")
    var json = false

    func run() throws {
        let devices = try selection.resolve()
        if json {
            for device in devices { Output.line(FleetTable.json(device).serialized()) }
        } else {
            FleetTable.print(devices)
        }
    }
}

/// The device table `fleet serve` and `fleet list` print.
enum FleetTable {
    static func print(_ devices: [FleetDevice]) {
        Output.line("\("ADDRESS".padding(15)) \("MAC".padding(17)) \("SITE".padding(20)) \("KIND".padding(24)) \("MAKER".padding(10)) \("BRAND".padding(10)) COVERED  PORTS")
        for device in devices {
            let ports = device.tcpPorts.map(String.init) + device.udpPorts.map { "\($0)/udp" }
            Output.line("\(device.address.padding(15)) \(device.mac.padding(17)) \(device.site.padding(20)) \(device.profile.padding(24)) \(device.truth.maker.padding(10)) \(device.truth.brand.padding(10)) \((device.truth.covered ? "yes" : "no").padding(8)) \(ports.joined(separator: ","))")
        }
    }

    static func json(_ device: FleetDevice) -> JSONValue {
        .object([
            ("name", .string(device.name)), ("site", .string(device.site)), ("ip", .string(device.address)),
            ("mac", .string(device.mac)), ("profile", .string(device.profile)), ("maker", .string(device.truth.maker)),
            ("brand", .string(device.truth.brand)), ("model", device.truth.model.map(JSONValue.string) ?? .null),
            ("device_type", .string(device.truth.deviceType)), ("covered", .bool(device.truth.covered)),
            ("camera_class", .bool(device.truth.cameraClass)),
            ("tcp_ports", .array(device.tcpPorts.map { .int($0) })),
            ("udp_ports", .array(device.udpPorts.map { .int($0) })),
        ])
    }
}
