/// The inventory's schema versions, in order: both backends implement each one (SQLite in
/// `SQLiteSchema`, PostgreSQL in `PostgresSchema`), so that a version names the same data
/// whichever database holds it, and `inventory push` can check both ends agree.
public enum SchemaVersion {
    public static let all = [
        "v1-initial-schema",
        "v2-scan-owner",
        "v3-device-mac-source",
        "v4-facts-district-facts",
        "v4-import-scan-kind",
        "v5-scan-uid-address-index",
        "v6-site-access",
    ]
}
