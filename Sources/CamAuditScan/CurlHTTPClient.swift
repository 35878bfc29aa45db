import CCurl
import CCurlShim
import Foundation

/// HTTP and HTTPS through libcurl's multi interface: one thread drives every transfer of the
/// scan. Device certificates are accepted (cameras use self-signed ones) but recorded. No
/// redirect is followed, no proxy is used (a proxy from the environment would send the probes
/// somewhere else), and only http and https are allowed.
final class CurlHTTPClient: @unchecked Sendable {
    static let maximumBody = 64 << 10
    static let maximumHead = 32 << 10

    /// Per-transfer state; the C callbacks reach it through an unmanaged pointer.
    private final class Transfer {
        let request: HTTPRequest
        let continuation: CheckedContinuation<HTTPResponse, Never>
        var head: [UInt8] = []
        var body: [UInt8] = []
        var headers: UnsafeMutablePointer<curl_slist>?
        var truncated = false

        init(request: HTTPRequest, continuation: CheckedContinuation<HTTPResponse, Never>) {
            self.request = request
            self.continuation = continuation
        }
    }

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var pending: [Transfer] = []
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var stopping = false
    private let connectTimeout: Double
    private let totalTimeout: Double
    private let finished = DispatchSemaphore(value: 0)

    init(connectTimeout: Double, totalTimeout: Double) {
        _ = Self.globalInit
        multi = curl_multi_init()
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        camaudit_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 2)
        let thread = Thread { [self] in loop() }
        thread.name = "camaudit-http"
        thread.start()
    }

    /// Runs one request (the caller has passed the send gate).
    func perform(_ request: HTTPRequest) async -> HTTPResponse {
        await withCheckedContinuation { continuation in
            let transfer = Transfer(request: request, continuation: continuation)
            let accepted: Bool = lock.withLock {
                guard !stopping else { return false }
                pending.append(transfer)
                return true
            }
            if accepted { curl_multi_wakeup(multi) } else { continuation.resume(returning: HTTPResponse(failure: .failed("scan stopped"))) }
        }
    }

    func stop() {
        lock.withLock { stopping = true }
        curl_multi_wakeup(multi)
        finished.wait()
    }

    private func loop() {
        var active: Int32 = 0
        while true {
            let (newTransfers, done): ([Transfer], Bool) = lock.withLock {
                let taken = pending
                pending.removeAll()
                return (taken, stopping)
            }
            if done {
                for transfer in newTransfers { transfer.continuation.resume(returning: HTTPResponse(failure: .failed("scan stopped"))) }
                break
            }
            for transfer in newTransfers { start(transfer) }
            curl_multi_perform(multi, &active)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                complete(easy, result: message.pointee.data.result)
            }
            curl_multi_poll(multi, nil, 0, 200, nil)
        }
        for (easy, transfer) in running {
            curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            curl_slist_free_all(transfer.headers)
            transfer.continuation.resume(returning: HTTPResponse(failure: .failed("scan stopped")))
        }
        running.removeAll()
        curl_multi_cleanup(multi)
        finished.signal()
    }

    private func start(_ transfer: Transfer) {
        guard let easy = curl_easy_init() else {
            transfer.continuation.resume(returning: HTTPResponse(failure: .failed("curl_easy_init failed")))
            return
        }
        let request = transfer.request
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        camaudit_curl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        // A link-local address goes out of its own interface only (RFC 4007 §6).
        if request.scopeID != 0 { camaudit_curl_easy_setopt_long(easy, CURLOPT_ADDRESS_SCOPE, Int(request.scopeID)) }
        camaudit_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        camaudit_curl_easy_setopt_string(easy, CURLOPT_PROXY, "")
        camaudit_curl_easy_setopt_string(easy, CURLOPT_NOPROXY, "*")
        camaudit_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        camaudit_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        camaudit_curl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        camaudit_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        camaudit_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        camaudit_curl_easy_setopt_string(easy, CURLOPT_USERAGENT, "camaudit/0.1 (read-only audit)")
        // Device certificates are self-signed or expired: accept them, record them.
        camaudit_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
        camaudit_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        camaudit_curl_easy_setopt_long(easy, CURLOPT_CERTINFO, 1)
        // Old recorders speak only old TLS: let OpenSSL talk to them (nothing secret is sent).
        camaudit_curl_easy_setopt_string(easy, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0")
        camaudit_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            let room = CurlHTTPClient.maximumBody - transfer.body.count
            guard room > 0 else { transfer.truncated = true; return 0 }
            transfer.body += UnsafeRawBufferPointer(start: data, count: min(length, room))
            if length > room { transfer.truncated = true; return 0 }
            return length
        })
        camaudit_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        camaudit_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, { data, size, count, user in
            guard let data, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            let line = UnsafeRawBufferPointer(start: data, count: size * count)
            // A new status line starts a new block: keep only the final answer's head.
            if line.starts(with: Array("HTTP/".utf8)) { transfer.head.removeAll() }
            if transfer.head.count + line.count <= CurlHTTPClient.maximumHead { transfer.head += line }
            return size * count
        })
        camaudit_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        if request.method == "POST" {
            camaudit_curl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, request.body.count)
            let body = String(decoding: request.body, as: UTF8.self)
            camaudit_curl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, body)
        } else {
            camaudit_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        }
        var headers: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers { headers = curl_slist_append(headers, header) }
        transfer.headers = headers
        camaudit_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headers)
        running[easy] = transfer
        curl_multi_add_handle(multi, easy)
    }

    private func complete(_ easy: UnsafeMutableRawPointer, result: CURLcode) {
        guard let transfer = running.removeValue(forKey: easy) else { return }
        var response = HTTPResponse()
        response.head = transfer.head
        response.body = transfer.body
        var status = 0
        camaudit_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        response.status = status
        if transfer.request.tls { response.certificate = Self.certificate(easy) }
        let tolerated = result == CURLE_OK || (result == CURLE_WRITE_ERROR && transfer.truncated)
        if !tolerated && status == 0 {
            switch result {
            case CURLE_OPERATION_TIMEDOUT:
                var connectTime = 0.0
                camaudit_curl_easy_getinfo_double(easy, CURLINFO_CONNECT_TIME, &connectTime)
                response.failure = connectTime > 0 ? .timedOut : .connectTimedOut
            default:
                response.failure = .failed(String(cString: curl_easy_strerror(result)))
            }
        }
        curl_multi_remove_handle(multi, easy)
        curl_easy_cleanup(easy)
        curl_slist_free_all(transfer.headers)
        transfer.continuation.resume(returning: response)
    }

    /// The leaf certificate's lines from CURLINFO_CERTINFO, in the `Key:value` form libcurl gives.
    private static func certificate(_ easy: UnsafeMutableRawPointer) -> String? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard camaudit_curl_easy_getinfo_certinfo(easy, &info) == CURLE_OK, let info,
              info.pointee.num_of_certs > 0, let lists = info.pointee.certinfo else { return nil }
        var lines: [String] = []
        var node = lists[0]
        while let current = node {
            if let data = current.pointee.data {
                let line = String(cString: data)
                if ["Subject:", "Issuer:", "Start date:", "Expire date:"].contains(where: line.hasPrefix) { lines.append(line) }
            }
            node = current.pointee.next
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
