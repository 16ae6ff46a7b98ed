import Foundation
#if canImport(FoundationNetworking)
// Swift 5.9's FoundationNetworking (Linux) predates Sendable: without this, `session` makes the
// Sendable conformance below warn.
@preconcurrency import FoundationNetworking
#endif

/// Trades a ticket for the user at `POST {baseURL}/oauth/app2wxapp/auth/{userPoolId}`, straight
/// from the app.
///
/// Only for pools that turned `ticketExchangeUserInfoNeedSecret` **off**. With the default (on),
/// the exchange needs the pool secret: send the ticket to your own backend and exchange it there.
/// Never ship the pool secret in an app — anyone can read it out of the binary. This client has
/// no way to send one.
///
/// ```swift
/// let exchange = TicketExchange(baseURL: URL(string: "https://xdl.example.com")!)
/// let user = try await exchange.user(for: ticket, userPoolId: "5e4cdd055df3df65dc58b97d", codeVerifier: verifier)
/// ```
public struct TicketExchange: Sendable {
    /// Where the ticket service is deployed, e.g. `https://xdl.example.com`.
    public let baseURL: URL
    /// How long one exchange may take before it fails with `.transport(.timedOut)`.
    public let timeout: TimeInterval
    private let session: URLSession

    /// - Parameters:
    ///   - baseURL: the ticket service's origin (a path prefix is kept).
    ///   - session: the session to send with; tests pass one with a stub `URLProtocol`.
    ///   - timeout: seconds before the request fails.
    public init(baseURL: URL, session: URLSession = .shared, timeout: TimeInterval = 15) {
        self.baseURL = baseURL
        self.session = session
        self.timeout = timeout
    }

    /// Exchanges `ticket` for the user it was issued to. A ticket is single use: call this once.
    ///
    /// - Parameters:
    ///   - codeVerifier: the PKCE verifier whose challenge was in the launch path, or `nil` when
    ///     none was. A wrong or missing one is refused (`.codeVerifierInvalid`,
    ///     `.codeVerifierRequired`) without spending the ticket.
    /// - Throws: ``TicketExchange/Error``. Nothing is sent when the ticket, pool id or verifier
    ///   cannot be valid (`.invalidInput`): the service accepts tickets of 16 to 128 characters only.
    ///   Without the secret, any ticket the service cannot use fails as `.service(.ticketInvalid, …)`.
    public func user(for ticket: String, userPoolId: String, codeVerifier: String? = nil) async throws -> ExchangedUser {
        let request = try makeRequest(ticket: ticket, userPoolId: userPoolId, codeVerifier: codeVerifier)
        let answer: (body: Data, response: URLResponse)
        do {
            answer = try await session.xiaodengluData(for: request)
        } catch {
            throw Error.transport(Error.TransportReason(error))
        }
        guard let http = answer.response as? HTTPURLResponse else { throw Error.response(.notHTTP) }
        return try Self.readUser(status: http.statusCode, body: answer.body)
    }

    func makeRequest(ticket: String, userPoolId: String, codeVerifier: String? = nil) throws -> URLRequest {
        guard Contract.isPoolId(userPoolId) else { throw Error.invalidInput(.userPoolId) }
        guard Contract.isExchangeableTicket(ticket) else { throw Error.invalidInput(.ticket) }
        var fields = ["ticket": ticket]
        if let verifier = codeVerifier {
            guard Pkce.problem(with: verifier) == nil else { throw Error.invalidInput(.codeVerifier) }
            fields["codeVerifier"] = verifier
        }
        guard let body = try? JSONEncoder().encode(fields) else { throw Error.invalidInput(.ticket) }
        let url = baseURL
            .appendingPathComponent("oauth/app2wxapp/auth")
            .appendingPathComponent(userPoolId)
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = body
        return request
    }

    /// Reads the service's envelope `{ code, message, error?, data? }`.
    static func readUser(status: Int, body: Data) throws -> ExchangedUser {
        let decoder = JSONDecoder()
        guard (200...299).contains(status) else {
            let failure = try? decoder.decode(Failure.self, from: body)
            if let name = failure?.error, let reason = Error.ServiceReason(rawValue: name) {
                throw Error.service(reason, message: failure?.message ?? "")
            }
            throw Error.unexpectedStatus(status: status, reason: failure?.error, message: failure?.message)
        }
        guard (try? decoder.decode(Probe.self, from: body)) != nil else {
            throw Error.response(.notEnvelope(status: status))
        }
        do {
            return try decoder.decode(Success.self, from: body).data
        } catch let unreadable as ExchangedUser.UnreadableField {
            throw Error.response(.missingUser(field: unreadable.field))
        } catch {
            // No `data` member, or `null`.
            throw Error.response(.missingUser(field: "(data)"))
        }
    }

    /// Any envelope: a JSON object with a numeric `code`.
    private struct Probe: Decodable {
        let code: Int
    }

    private struct Success: Decodable {
        let data: ExchangedUser
    }

    /// The failure fields; `data` is ignored whatever its shape.
    private struct Failure: Decodable {
        let message: String?
        let error: String?
    }
}
