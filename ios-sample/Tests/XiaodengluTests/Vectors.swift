import Foundation

/// The shared contract vectors in `test/vectors/`, read in place (the TypeScript tests read the
/// same files; nothing is copied into the package).
enum Vectors {
    struct ExtMsg: Decodable {
        struct Encoded: Decodable {
            let name: String
            let extMsg: String
        }

        struct Parsed: Decodable {
            struct Expectation: Decodable {
                let kind: String
                let code: Int?
                let message: String?
                let ticket: String?
            }

            let name: String
            let extMsg: String
            let expect: Expectation
        }

        let encode: [Encoded]
        let parse: [Parsed]
    }

    struct Launch: Decodable {
        struct Build: Decodable {
            struct Input: Decodable {
                let userPoolId: String
                let wantPhone: Bool
                let useSelfWxapp: Bool
            }

            let name: String
            let input: Input
            let path: String?
            let error: String?
        }

        let build: [Build]
    }

    /// `pkce.json`: the S256 derivation and the launch path with a challenge.
    struct Pkce: Decodable {
        struct S256: Decodable {
            let name: String
            let verifier: String
            let challenge: String?
            let error: String?
        }

        struct Build: Decodable {
            struct Input: Decodable {
                let userPoolId: String
                let wantPhone: Bool
                let useSelfWxapp: Bool
                let codeChallenge: String
            }

            let name: String
            let input: Input
            let path: String?
            let error: String?
        }

        let s256: [S256]
        let build: [Build]
    }

    /// One case of `exchanged-user.json`: `data` as its own JSON text (any shape, as the exchange
    /// could send it), and the user every reader makes of it or the field it refuses.
    struct ExchangedUserCase {
        let name: String
        let data: Data
        let user: [String: Any]?
        let error: String?
    }

    static func exchangedUserCases() throws -> [ExchangedUserCase] {
        let file = try Data(contentsOf: directory().appendingPathComponent("exchanged-user.json"))
        let root = try JSONSerialization.jsonObject(with: file) as? [String: Any]
        guard let cases = root?["read"] as? [[String: Any]], !cases.isEmpty else { throw NotFound(start: "exchanged-user.json read") }
        return try cases.map { entry in
            ExchangedUserCase(
                name: entry["name"] as? String ?? "?",
                data: try JSONSerialization.data(withJSONObject: entry["data"] ?? NSNull(), options: [.fragmentsAllowed]),
                user: entry["user"] as? [String: Any],
                error: entry["error"] as? String
            )
        }
    }

    /// `service.json`: generated from the TypeScript contract (`npm run vectors`).
    struct Service: Decodable {
        struct Reason: Decodable {
            let reason: String
            let status: Int
        }

        struct ExchangeableTicket: Decodable {
            let pattern: String
            let minLength: Int
            let maxLength: Int
        }

        let reasons: [Reason]
        let exchangeableTicket: ExchangeableTicket
    }

    /// `test/vectors/` of the repository this package sits in, found by walking up from this
    /// source file (ios-sample/ sits at the repository root beside test/).
    static func directory(file: StaticString = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            let candidate = directory.appendingPathComponent("test").appendingPathComponent("vectors")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ext-msg.json").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        throw NotFound(start: "\(file)")
    }

    /// The package was moved out of the repository: the vectors are not copied, so fail loudly.
    struct NotFound: Error, CustomStringConvertible {
        let start: String
        var description: String { "test/vectors/ not found in any directory above \(start)" }
    }

    static func load<Vector: Decodable>(_ name: String, as type: Vector.Type) throws -> Vector {
        let data = try Data(contentsOf: directory().appendingPathComponent(name))
        return try JSONDecoder().decode(type, from: data)
    }
}
