import Foundation
import XCTest
@testable import Xiaodenglu

/// Every shape of the exchange's user in `test/vectors/exchanged-user.json` reads as the vector
/// says (`sdk/exchanged-user.ts` and the Android library read the same file).
final class ExchangedUserTests: XCTestCase {
    /// The user as the vectors write it: unknown strings as `null`.
    private func view(_ user: ExchangedUser) -> [String: Any] {
        let optional: (String?) -> Any = { $0.map { $0 as Any } ?? NSNull() }
        return [
            "id": user.id, "phone": optional(user.phone), "phoneCountryCode": optional(user.phoneCountryCode),
            "openid": user.openid, "unionid": optional(user.unionid), "nickname": optional(user.nickname),
            "photo": optional(user.photo), "loginsCount": user.loginsCount, "lastLogin": optional(user.lastLogin),
            "signedUp": user.signedUp, "lastIP": optional(user.lastIP), "blocked": user.blocked,
            "token": user.token, "tokenExpiredAt": user.tokenExpiredAt,
        ]
    }

    func testReadVectors() throws {
        let cases = try Vectors.exchangedUserCases()
        XCTAssertFalse(cases.isEmpty)
        for vector in cases {
            if let expected = vector.user {
                let read = view(try JSONDecoder().decode(ExchangedUser.self, from: vector.data))
                XCTAssertEqual(Set(read.keys), Set(expected.keys), "\(vector.name): the vector's fields")
                // JSONSerialization gives both sides' values the same Foundation types to compare.
                let text = { (value: [String: Any]) in
                    String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
                }
                XCTAssertEqual(text(read), text(expected), vector.name)
            } else {
                XCTAssertThrowsError(try JSONDecoder().decode(ExchangedUser.self, from: vector.data), vector.name) { error in
                    XCTAssertEqual((error as? ExchangedUser.UnreadableField)?.field, vector.error, vector.name)
                }
            }
        }
    }

    func testEveryShapeOfOneUserIsTheSameUser() throws {
        let names = ["this service 0.1.0: null for unknown strings", "this service now: \"\" for unknown strings"]
        let users = try Vectors.exchangedUserCases()
            .filter { names.contains($0.name) }
            .map { try JSONDecoder().decode(ExchangedUser.self, from: $0.data) }
        XCTAssertEqual(users.count, 2, "the vectors' names changed: teach this test")
        XCTAssertEqual(users.first, users.last)
    }
}
