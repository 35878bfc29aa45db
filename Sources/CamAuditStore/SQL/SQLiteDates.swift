import Foundation
import GRDB

/// GRDB's text form of dates ("yyyy-MM-dd HH:mm:ss.SSS", UTC), which every existing SQLite
/// inventory holds; the SQL layer keeps it so that old files read and sort as before.
enum SQLiteDates {
    static func text(_ date: Date) -> String {
        String.fromDatabaseValue(date.databaseValue) ?? ""
    }

    static func date(_ text: String) -> Date? {
        Date.fromDatabaseValue(text.databaseValue)
    }
}
