import Foundation
import NIOCore
import NIOPosix

/// Serves a list of simulated devices: one TCP listener per device port and one UDP socket per
/// discovery port, each bound to the device's own address.
public final class FleetServer: Sendable {
    public struct Options: Sendable {
        /// Bind the UDP discovery ports to 0.0.0.0 and join the discovery multicast groups on this
        /// interface, so multicast and broadcast probes are answered. For one device per network
        /// namespace only: every device would answer every datagram otherwise.
        public var multicastInterface: String?
        /// Answer over IPv6 only (with `multicastInterface`): every port is bound to `::` and the
        /// IPv6 discovery group ff02::c joined on the interface, for a device in a namespace
        /// without IPv4, found by link-local discovery.
        public var ipv6Only: Bool

        public init(multicastInterface: String? = nil, ipv6Only: Bool = false) {
            self.multicastInterface = multicastInterface
            self.ipv6Only = ipv6Only
        }
    }

    public let devices: [FleetDevice]
    public let log: FleetRequestLog
    private let group: MultiThreadedEventLoopGroup
    private let channels: [Channel]

    public var listenerCount: Int { channels.count }

    private init(devices: [FleetDevice], log: FleetRequestLog, group: MultiThreadedEventLoopGroup, channels: [Channel]) {
        self.devices = devices
        self.log = log
        self.group = group
        self.channels = channels
    }

    /// Binds every device port and starts answering. Throws, with nothing left bound, when a
    /// port cannot be bound.
    public static func start(devices: [FleetDevice], log: FleetRequestLog, options: Options = Options(), threads: Int = 1) async throws -> FleetServer {
        if options.multicastInterface != nil, devices.count > 1 {
            throw FleetError("multicast mode serves one device per network namespace; \(devices.count) devices were given")
        }
        if options.ipv6Only, options.multicastInterface == nil {
            throw FleetError("IPv6-only mode needs the interface whose link it answers on (multicast interface)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var bindings: [(what: String, future: EventLoopFuture<Channel>)] = []
        for device in devices {
            let endpoint = DeviceEndpoint(name: device.name, address: device.address)
            for service in device.tcp {
                let behaviour = service.behaviour
                let port = service.port
                let bootstrap = ServerBootstrap(group: group)
                    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .serverChannelOption(ChannelOptions.backlog, value: 128)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                FleetConnectionHandler(device: endpoint, port: port, behaviour: behaviour, log: log))
                        }
                    }
                let tcpHost = options.ipv6Only ? "::" : device.address
                bindings.append(("tcp \(tcpHost):\(port)", bootstrap.bind(host: tcpHost, port: port)))
            }
            for service in device.udp {
                let behaviour = service.behaviour
                let port = service.port
                let bootstrap = DatagramBootstrap(group: group)
                    .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                FleetDatagramHandler(device: endpoint, port: port, behaviour: behaviour, log: log))
                        }
                    }
                let host = options.multicastInterface == nil ? device.address : options.ipv6Only ? "::" : "0.0.0.0"
                bindings.append(("udp \(host):\(port)", bootstrap.bind(host: host, port: port)))
            }
        }
        var channels: [Channel] = []
        var failure: Error?
        for binding in bindings {
            do {
                channels.append(try await binding.future.get())
            } catch {
                if failure == nil { failure = FleetError(bindAdvice(binding.what, error)) }
            }
        }
        if failure == nil, let interface = options.multicastInterface {
            do {
                if options.ipv6Only {
                    try await joinIPv6DiscoveryGroup(channels: channels, interface: interface)
                } else {
                    try await joinDiscoveryGroups(channels: channels, interface: interface)
                }
            } catch {
                failure = error
            }
        }
        if let failure {
            for channel in channels { try? await channel.close() }
            try? await group.shutdownGracefully()
            throw failure
        }
        return FleetServer(devices: devices, log: log, group: group, channels: channels)
    }

    /// Closes every listener and stops the event loops.
    public func stop() async {
        for channel in channels { try? await channel.close() }
        try? await group.shutdownGracefully()
    }

    /// The multicast groups of the discovery protocols, by port (protocols.md §0).
    static let discoveryGroups: [Int: String] = [3702: "239.255.255.250", 37020: "239.255.255.250", 1900: "239.255.255.250", 37810: "239.255.255.251"]

    private static func joinDiscoveryGroups(channels: [Channel], interface: String) async throws {
        guard let device = try System.enumerateDevices().first(where: { $0.name == interface && $0.address?.protocol == .inet }) else {
            throw FleetError("no IPv4 interface named \(interface) to join the discovery groups on; check `ip addr`")
        }
        for channel in channels {
            guard let multicast = channel as? MulticastChannel, let port = channel.localAddress?.port,
                  let group = discoveryGroups[port] else { continue }
            try await multicast.joinGroup(try SocketAddress(ipAddress: group, port: 0), device: device).get()
        }
    }

    /// WS-Discovery and SSDP listen on ff02::c (protocols.md §0); SADP and DHIP have no IPv6 group.
    static let ipv6DiscoveryGroups: [Int: String] = [3702: "ff02::c", 1900: "ff02::c"]

    private static func joinIPv6DiscoveryGroup(channels: [Channel], interface: String) async throws {
        guard let device = try System.enumerateDevices().first(where: { $0.name == interface && $0.address?.protocol == .inet6 }) else {
            throw FleetError("no IPv6 interface named \(interface) to join ff02::c on; check `ip -6 addr`")
        }
        for channel in channels {
            guard let multicast = channel as? MulticastChannel, let port = channel.localAddress?.port,
                  let group = ipv6DiscoveryGroups[port] else { continue }
            try await multicast.joinGroup(try SocketAddress(ipAddress: group, port: 0), device: device).get()
        }
    }

    private static func bindAdvice(_ what: String, _ error: Error) -> String {
        let text = "\(error)"
        if text.contains("EACCES") || text.contains("Permission denied") || text.contains("errno: 13") {
            return "cannot bind \(what): ports below 1024 need root (or CAP_NET_BIND_SERVICE); run as root, or inside `unshare --user --map-root-user --net`"
        }
        if text.contains("EADDRINUSE") || text.contains("in use") || text.contains("errno: 98") {
            return "cannot bind \(what): the address is in use; is another fleet running? stop it or use another --base"
        }
        if text.contains("EADDRNOTAVAIL") || text.contains("errno: 99") {
            return "cannot bind \(what): the address is not on this host; use a 127.x base on loopback or add the address"
        }
        return "cannot bind \(what): \(error)"
    }
}
