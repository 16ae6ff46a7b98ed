import Foundation

/// The app's own backend. It receives the ticket and exchanges it with the pool secret at
/// `POST /oauth/app2wxapp/auth/:userPoolId` — the secret never ships in the app. (For a pool with
/// `ticketExchangeUserInfoNeedSecret` off, `Xiaodenglu.TicketExchange` can exchange in the app.)
struct Backend {
    /// What this sample's backend answers: its own session for the user.
    struct Session: Decodable {
        let userId: String
        let token: String
    }

    struct Failure: LocalizedError {
        let status: Int
        var errorDescription: String? { "Sign-in failed (HTTP \(status))." }
    }

    let baseURL: URL
    var session: URLSession = .shared

    func signIn(ticket: String) async throws -> Session {
        var request = URLRequest(url: baseURL.appendingPathComponent("auth/wechat-mini-program"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(["ticket": ticket])
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw Failure(status: status) }
        return try JSONDecoder().decode(Session.self, from: data)
    }
}
