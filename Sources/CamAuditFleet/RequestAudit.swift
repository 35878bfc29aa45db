/// Decides whether a logged request breaks camaudit's promise: no login attempt, no video,
/// snapshot or stream setup, no write or state change (README "What it never does").
public enum RequestAudit {
    static let videoMethods: Set<String> = ["SETUP", "PLAY", "RECORD", "ANNOUNCE", "PAUSE", "TEARDOWN", "SET_PARAMETER"]
    static let writeMethods: Set<String> = ["PUT", "DELETE", "PATCH"]
    /// Path fragments of video, snapshot and credential-store resources.
    static let forbiddenPathFragments = ["snapshot", "/streaming/", "picture", "mjpg", "video.cgi", "realmonitor", "/current_config/"]
    /// Read-only ONVIF operations an unauthenticated audit may send.
    static let readOnlyONVIF: Set<String> = ["GetSystemDateAndTime", "GetServices", "GetServiceCapabilities", "GetCapabilities",
                                             "GetDeviceInformation", "GetHostname", "GetWsdlUrl", "GetScopes"]

    public static func violation(_ entry: LoggedRequest) -> String? {
        if entry.header("Authorization") != nil || entry.header("Proxy-Authorization") != nil {
            return "sent credentials (Authorization header)"
        }
        switch entry.protocolName {
        case "rtsp":
            if let method = entry.method, videoMethods.contains(method.uppercased()) { return "RTSP \(method) sets up or controls a stream" }
        case "http":
            let method = entry.method?.uppercased() ?? ""
            let path = (entry.path ?? "").lowercased()
            if let fragment = forbiddenPathFragments.first(where: { path.contains($0) }) {
                return "requested a video, snapshot or credential path (\(fragment))"
            }
            if writeMethods.contains(method) { return "HTTP \(method) writes to the device" }
            if method == "POST" {
                if path.hasPrefix("/rpc2_login") { return "POST /RPC2_Login starts a login (global.login)" }
                if path.hasPrefix("/onvif/") {
                    if let operation = entry.operation, !readOnlyONVIF.contains(operation) {
                        return "ONVIF \(operation) is not a read-only pre-authentication operation"
                    }
                } else {
                    return "HTTP POST to \(entry.path ?? "?") may write"
                }
            }
        case "sadp":
            if let verb = entry.method, verb != "inquiry", verb != "inquiry_v32" { return "SADP verb '\(verb)' changes device state" }
        case "dvrip":
            if entry.method == "a000" || entry.method == "a005" { return "DVRIP login request" }
        default:
            break
        }
        return nil
    }
}
