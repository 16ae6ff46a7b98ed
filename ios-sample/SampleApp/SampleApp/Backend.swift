import Foundation

/// The app's own backend (`examples/app-backend/` is one; its README.md states the contract). It
/// receives the ticket and the PKCE verifier, exchanges the ticket at
/// `POST /oauth/app2wxapp/auth/:userPoolId` with the pool secret — the secret never ships in the
/// app — and answers with its own session for the user. (For a pool with
/// `ticketExchangeUserInfoNeedSecret` off, `Xiaodenglu.TicketExchange` can exchange in the app.)
struct Backend {
    /// What the backend answers: its own session for the user (`token` is a bearer token for its API).
    struct Session: Decodable {
        let userId: String
        let token: String
    }

    /// The backend refused or could not be read. `message` is what the backend said when it said
    /// something (`{ "error": "<reason>", "message": "<text>" }`), else what went wrong.
    struct Failure: LocalizedError {
        let status: Int
        let reason: String?
        let message: String?

        var errorDescription: String? {
            switch (message, reason) {
            case let (message?, reason?): return "\(message) (\(reason))"
            case let (message?, nil): return message
            default: return "Sign-in failed (HTTP \(status))."
            }
        }
    }

    /// The body of the backend's errors.
    private struct ErrorBody: Decodable {
        let error: String?
        let message: String?
    }

    let baseURL: URL
    var session: URLSession = .shared

    /// `POST <backend>/auth/wechat-mini-program` with `{ poolId, ticket, codeVerifier }`.
    func signIn(poolId: String, ticket: String, codeVerifier: String?) async throws -> Session {
        var fields = ["poolId": poolId, "ticket": ticket]
        if let verifier = codeVerifier { fields["codeVerifier"] = verifier }
        var request = URLRequest(url: baseURL.appendingPathComponent("auth/wechat-mini-program"), timeoutInterval: 15)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = try JSONEncoder().encode(fields)
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: data)
            let said = { (text: String?) in text.flatMap { $0.isEmpty ? nil : $0 } }
            throw Failure(status: status, reason: said(body?.error), message: said(body?.message))
        }
        guard let signedIn = try? JSONDecoder().decode(Session.self, from: data) else {
            throw Failure(status: status, reason: nil, message: "The backend's answer could not be read.")
        }
        return signedIn
    }
}
