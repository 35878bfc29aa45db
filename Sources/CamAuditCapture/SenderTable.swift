/// Where each sender is in the analyser's list, by key: an open-addressing table of list
/// positions whose keys are read from the list itself. A dictionary of keys to positions held
/// every 40-byte key a second time (11.6 MB at 100,000 senders); a slot here is 8 bytes: the
/// position and 32 bits of the key's hash, so that a probe reads a sender's key only when the
/// hash bits agree (probing from slot to slot stays within the table).
struct SenderTable {
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    private var count = 0
    /// The last two senders found: packets come in runs of one flow, and a flow's two
    /// directions alternate, so most lookups are one of these and skip hashing the key.
    private var recent: (key: SenderKey, position: Int)?
    private var beforeRecent: (key: SenderKey, position: Int)?

    /// The position of the sender with `key`, if it is in `senders`.
    mutating func position(of key: SenderKey, in senders: ContiguousArray<PassiveDevice>) -> Int? {
        if let recent, recent.key == key { return recent.position }
        if let found = beforeRecent, found.key == key {
            (recent, beforeRecent) = (found, recent)
            return found.position
        }
        guard let position = probe(for: key, in: senders) else { return nil }
        (recent, beforeRecent) = ((key, position), recent)
        return position
    }

    private func probe(for key: SenderKey, in senders: ContiguousArray<PassiveDevice>) -> Int? {
        let hash = key.hashValue
        let tag = Self.tag(hash)
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let position = Int(entry & 0xFFFF_FFFF) - 1
                if senders[position].key == key { return position }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Notes that the sender at `position` of `senders` has `key`.
    mutating func insert(_ key: SenderKey, at position: Int, in senders: ContiguousArray<PassiveDevice>) {
        // At most half full, so that a probe for a new sender meets an empty slot soon.
        if (count + 1) * 2 > slots.count {
            rebuild(from: senders, capacity: slots.count * 2, upTo: position)
        }
        place(key.hashValue, position)
        count += 1
        (recent, beforeRecent) = ((key, position), recent)
    }

    /// The table for `senders` as they are now (after senders were dropped from the list).
    init(_ senders: ContiguousArray<PassiveDevice> = []) {
        var capacity = 64
        while senders.count * 2 > capacity { capacity *= 2 }
        rebuild(from: senders, capacity: capacity, upTo: senders.count)
    }

    private mutating func rebuild(from senders: ContiguousArray<PassiveDevice>, capacity: Int, upTo end: Int) {
        slots = Array(repeating: 0, count: capacity)
        count = 0
        for position in 0..<end {
            place(senders[position].key.hashValue, position)
            count += 1
        }
    }

    private mutating func place(_ hash: Int, _ position: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.tag(hash) << 32 | UInt64(position + 1)
    }

    /// Hash bits the slot index does not use (the table has fewer than 2^32 slots).
    private static func tag(_ hash: Int) -> UInt64 { UInt64(bitPattern: Int64(hash)) >> 32 }
}
