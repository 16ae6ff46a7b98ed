import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Answers every request of a session made by ``StubURLProtocol/session()`` from a script, and
/// records what was sent. No network is touched.
final class StubURLProtocol: URLProtocol {
    /// What the next request gets.
    enum Outcome {
        case reply(status: Int, body: Data, contentType: String = "application/json")
        case fail(URLError)
    }

    /// A request as sent, with its body read out of the stream URLSession may have moved it to.
    struct Recorded {
        let request: URLRequest
        let body: Data
    }

    private static let script = Script()

    /// A session whose requests all go through this stub.
    static func session() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.protocolClasses = [StubURLProtocol.self]
        return URLSession(configuration: configuration)
    }

    /// Answer every following request with `outcome` and forget earlier requests.
    static func stub(_ outcome: Outcome) {
        script.reset(outcome)
    }

    /// The requests received since the last ``stub(_:)``.
    static var recorded: [Recorded] {
        script.recorded
    }

    override class func canInit(with request: URLRequest) -> Bool {
        true
    }

    override class func canonicalRequest(for request: URLRequest) -> URLRequest {
        request
    }

    override func startLoading() {
        let outcome = Self.script.record(Recorded(request: request, body: Self.body(of: request)))
        switch outcome {
        case let .fail(error):
            client?.urlProtocol(self, didFailWithError: error)
        case let .reply(status, body, contentType):
            guard let url = request.url,
                  let response = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: ["Content-Type": contentType])
            else {
                client?.urlProtocol(self, didFailWithError: URLError(.badURL))
                return
            }
            client?.urlProtocol(self, didReceive: response, cacheStoragePolicy: .notAllowed)
            client?.urlProtocol(self, didLoad: body)
            client?.urlProtocolDidFinishLoading(self)
        }
    }

    override func stopLoading() {}

    private static func body(of request: URLRequest) -> Data {
        if let body = request.httpBody { return body }
        guard let stream = request.httpBodyStream else { return Data() }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        stream.open()
        defer { stream.close() }
        while true {
            let count = stream.read(&buffer, maxLength: buffer.count)
            if count <= 0 { break }
            data.append(buffer, count: count)
        }
        return data
    }

    /// The shared state, behind a lock: URLSession calls the protocol on its own queue.
    private final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var outcome: Outcome = .fail(URLError(.notConnectedToInternet))
        private var requests: [Recorded] = []

        func reset(_ outcome: Outcome) {
            lock.lock()
            defer { lock.unlock() }
            self.outcome = outcome
            requests = []
        }

        func record(_ request: Recorded) -> Outcome {
            lock.lock()
            defer { lock.unlock() }
            requests.append(request)
            return outcome
        }

        var recorded: [Recorded] {
            lock.lock()
            defer { lock.unlock() }
            return requests
        }
    }
}
