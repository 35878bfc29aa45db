import CamAuditStore
import Foundation
import Logging

extension DaemonConfiguration {
    /// The daemon's and the timer's inventory: the SQLite file, or, for a `postgres://`
    /// inventory, the district's server with `local_inventory` to fall back on (AgentInventory).
    /// Months of uptime: small SQLite caches, two readers (reports and device counts).
    public func openInventory(logger: Logger) throws -> any InventoryBackend {
        guard PostgresLocation.looksLikeURL(inventory) else {
            return try InventoryStore(path: inventory, pageCacheKiB: 256, readers: 2)
        }
        var location = try PostgresLocation(url: inventory)
        location.passwordFile = passwordFile
        let local = try InventoryStore(path: localInventory, pageCacheKiB: 256, readers: 2)
        let server = location
        return AgentInventory(local: local, report: { logger.notice("inventory.district", metadata: ["inventory.note": "\($0)"]) }) {
            try InventoryStore(postgres: server)
        }
    }
}
