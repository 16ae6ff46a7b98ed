import XCTest
@testable import Xiaodenglu

/// The service's reasons and ticket limits, as `test/vectors/service.json` states them.
final class ServiceVectorTests: XCTestCase {
    func testEveryReasonHasItsStatus() throws {
        let vectors = try Vectors.load("service.json", as: Vectors.Service.self)
        XCTAssertFalse(vectors.reasons.isEmpty)
        for vector in vectors.reasons {
            let reason = try XCTUnwrap(TicketExchange.Error.ServiceReason(rawValue: vector.reason), vector.reason)
            XCTAssertEqual(reason.status, vector.status, vector.reason)
        }
        XCTAssertEqual(Set(TicketExchange.Error.ServiceReason.allCases.map(\.rawValue)), Set(vectors.reasons.map(\.reason)))
    }

    func testTicketLimitsAreTheService() throws {
        let limits = try Vectors.load("service.json", as: Vectors.Service.self).exchangeableTicket
        let shortest = String(repeating: "a", count: limits.minLength)
        let longest = String(repeating: "a", count: limits.maxLength)
        XCTAssertTrue(Contract.isExchangeableTicket(shortest))
        XCTAssertTrue(Contract.isExchangeableTicket(longest))
        XCTAssertFalse(Contract.isExchangeableTicket(String(shortest.dropLast())))
        XCTAssertFalse(Contract.isExchangeableTicket(longest + "a"))
    }
}
