import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import Xiaodenglu

final class TicketExchangeTests: XCTestCase {
    private let poolId = "5e4cdd055df3df65dc58b97d"
    private let ticket = "Zx9_-aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ"
    /// One stub session per test (XCTest makes a new instance for each), invalidated after it.
    private var session: URLSession?
    private var exchange: TicketExchange {
        get throws {
            let baseURL = try XCTUnwrap(URL(string: "https://xdl.example.com/base"))
            return TicketExchange(baseURL: baseURL, session: try XCTUnwrap(session, "setUp makes the session"))
        }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = StubURLProtocol.session()
    }

    override func tearDown() {
        session?.invalidateAndCancel()
        session = nil
        super.tearDown()
    }

    private let userJSON = """
    {"code":200,"message":"ok","data":{"_id":"5e57540f84622ae263294a42","phone":"17670416754","phoneCountryCode":"86",\
    "openid":"o1p9H4wAgb9uTqpxG5Z1g0pIr3FE","unionid":null,"nickname":"廖长江","photo":null,\
    "registerMethod":"oauth:app2wxapp","loginsCount":2,"lastLogin":"2020-02-27T05:33:20.796Z",\
    "signedUp":"2020-02-27T05:30:55.875Z","lastIP":"::ffff:192.168.0.106","blocked":false,\
    "token":"eyJhbGciOiJIUzI1NiJ9.e30.sig","tokenExpiredAt":"2020-03-13T05:33:20.000Z"}}
    """

    func testExchangesTheTicketForTheUser() async throws {
        StubURLProtocol.stub(.reply(status: 200, body: Data(userJSON.utf8)))
        let user = try await exchange.user(for: ticket, userPoolId: poolId)

        XCTAssertEqual(user.id, "5e57540f84622ae263294a42")
        XCTAssertEqual(user.token, "eyJhbGciOiJIUzI1NiJ9.e30.sig")
        XCTAssertEqual(user.phone, "17670416754")
        XCTAssertEqual(user.loginsCount, 2)
        XCTAssertEqual(user.blocked, false)
        XCTAssertNil(user.unionid)

        let sent = try XCTUnwrap(StubURLProtocol.recorded.first)
        XCTAssertEqual(StubURLProtocol.recorded.count, 1)
        XCTAssertEqual(sent.request.httpMethod, "POST")
        XCTAssertEqual(sent.request.url?.absoluteString, "https://xdl.example.com/base/oauth/app2wxapp/auth/\(poolId)")
        XCTAssertNil(sent.request.url?.query, "the ticket travels in the body, not the URL")
        XCTAssertEqual(sent.request.value(forHTTPHeaderField: "Content-Type"), "application/json; charset=utf-8")
        let body = try JSONDecoder().decode([String: String].self, from: sent.body)
        XCTAssertEqual(body, ["ticket": ticket], "no secret is ever sent from the app")
    }

    func testEveryServiceReasonIsTyped() async throws {
        for reason in TicketExchange.Error.ServiceReason.allCases {
            let body = "{\"code\":\(reason.status),\"message\":\"m-\(reason.rawValue)\",\"error\":\"\(reason.rawValue)\"}"
            StubURLProtocol.stub(.reply(status: reason.status, body: Data(body.utf8)))
            await assertThrows(.service(reason, message: "m-\(reason.rawValue)"), reason.rawValue)
        }
    }

    func testReasonHelpers() {
        XCTAssertTrue(TicketExchange.Error.ServiceReason.ticketInvalid.needsNewLogin)
        XCTAssertTrue(TicketExchange.Error.ServiceReason.ticketExpired.needsNewLogin)
        XCTAssertTrue(TicketExchange.Error.ServiceReason.ticketUsed.needsNewLogin)
        XCTAssertFalse(TicketExchange.Error.ServiceReason.rateLimited.needsNewLogin)
        XCTAssertTrue(TicketExchange.Error.ServiceReason.secretRequired.needsServerSideExchange)
        XCTAssertFalse(TicketExchange.Error.ServiceReason.ticketInvalid.needsServerSideExchange)
    }

    func testUnknownReasonKeepsWhatTheServiceSaid() async throws {
        StubURLProtocol.stub(.reply(status: 418, body: Data("{\"code\":418,\"message\":\"teapot\",\"error\":\"brewing\"}".utf8)))
        await assertThrows(.unexpectedStatus(status: 418, reason: "brewing", message: "teapot"), "unknown reason")
    }

    func testFailureFromSomethingInFrontOfTheService() async throws {
        StubURLProtocol.stub(.reply(status: 502, body: Data("<html>Bad Gateway</html>".utf8), contentType: "text/html"))
        await assertThrows(.unexpectedStatus(status: 502, reason: nil, message: nil), "proxy")
    }

    func testSuccessStatusWithoutAnEnvelope() async throws {
        StubURLProtocol.stub(.reply(status: 200, body: Data("<html>captive portal</html>".utf8), contentType: "text/html"))
        await assertThrows(.response(.notEnvelope(status: 200)), "captive portal")
    }

    func testSuccessWithoutAUser() async throws {
        StubURLProtocol.stub(.reply(status: 200, body: Data("{\"code\":200,\"message\":\"ok\"}".utf8)))
        await assertThrows(.response(.missingUser(field: "(data)")), "no data")
        StubURLProtocol.stub(.reply(status: 200, body: Data("{\"code\":200,\"message\":\"ok\",\"data\":null}".utf8)))
        await assertThrows(.response(.missingUser(field: "(data)")), "null data")
        let noId = "{\"code\":200,\"message\":\"ok\",\"data\":{\"loginsCount\":1,\"token\":\"t\"}}"
        StubURLProtocol.stub(.reply(status: 200, body: Data(noId.utf8)))
        await assertThrows(.response(.missingUser(field: "_id")), "no _id")
    }

    func testSendsTheCodeVerifierWhenGiven() async throws {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        StubURLProtocol.stub(.reply(status: 200, body: Data(userJSON.utf8)))
        _ = try await exchange.user(for: ticket, userPoolId: poolId, codeVerifier: verifier)
        let sent = try XCTUnwrap(StubURLProtocol.recorded.first)
        let body = try JSONDecoder().decode([String: String].self, from: sent.body)
        XCTAssertEqual(body, ["ticket": ticket, "codeVerifier": verifier])
    }

    func testAVerifierThatCannotBeValidIsNotSent() async throws {
        StubURLProtocol.stub(.reply(status: 200, body: Data(userJSON.utf8)))
        for verifier in ["", "short", String(repeating: "a", count: 129), String(repeating: "a", count: 42) + "+"] {
            do {
                _ = try await exchange.user(for: ticket, userPoolId: poolId, codeVerifier: verifier)
                XCTFail("\(verifier) was sent")
            } catch {
                XCTAssertEqual(error as? TicketExchange.Error, .invalidInput(.codeVerifier), verifier)
            }
        }
        XCTAssertTrue(StubURLProtocol.recorded.isEmpty)
    }

    func testAWrongVerifierIsTyped() async throws {
        let body = "{\"code\":400,\"message\":\"codeVerifier does not match\",\"error\":\"code_verifier_invalid\"}"
        StubURLProtocol.stub(.reply(status: 400, body: Data(body.utf8)))
        await assertThrows(.service(.codeVerifierInvalid, message: "codeVerifier does not match"), "wrong verifier")
    }

    func testNetworkFailure() async throws {
        StubURLProtocol.stub(.fail(URLError(.notConnectedToInternet)))
        await assertThrows(.transport(.network(code: URLError.Code.notConnectedToInternet.rawValue)), "offline")
        StubURLProtocol.stub(.fail(URLError(.timedOut)))
        await assertThrows(.transport(.timedOut), "timeout")
    }

    func testNothingIsSentForInputThatCannotBeValid() async throws {
        StubURLProtocol.stub(.reply(status: 200, body: Data(userJSON.utf8)))
        await assertThrows(.invalidInput(.ticket), "ticket with +", ticket: "a+b" + String(repeating: "c", count: 20))
        await assertThrows(.invalidInput(.ticket), "empty ticket", ticket: "")
        // extMsg may carry 1 to 512 characters; the service takes 16 to 128 and refuses the rest unseen.
        await assertThrows(.invalidInput(.ticket), "15 characters", ticket: String(repeating: "a", count: 15))
        await assertThrows(.invalidInput(.ticket), "129 characters", ticket: String(repeating: "a", count: 129))
        await assertThrows(.invalidInput(.ticket), "combining mark", ticket: String(repeating: "a", count: 20) + "\u{301}")
        await assertThrows(.invalidInput(.userPoolId), "pool id", userPoolId: "../../admin")
        XCTAssertTrue(StubURLProtocol.recorded.isEmpty)
    }

    func testTicketsOf16To128CharactersAreSent() async throws {
        for length in [16, 128] {
            let ticket = String(repeating: "a", count: length)
            XCTAssertEqual(LaunchResult(extMsg: "code=200&ticket=" + ticket).ticket, ticket, "extMsg reads it")
            StubURLProtocol.stub(.reply(status: 200, body: Data(userJSON.utf8)))
            _ = try await exchange.user(for: ticket, userPoolId: poolId)
            let sent = try XCTUnwrap(StubURLProtocol.recorded.first, "\(length)")
            XCTAssertEqual(try JSONDecoder().decode([String: String].self, from: sent.body), ["ticket": ticket])
        }
    }

    /// Every case, once: each says something of its own.
    func testErrorsExplainThemselves() {
        var errors: [TicketExchange.Error] = [
            .invalidInput(.userPoolId), .invalidInput(.ticket), .invalidInput(.codeVerifier),
            .unexpectedStatus(status: 502, reason: nil, message: nil),
            .unexpectedStatus(status: 418, reason: "brewing", message: "teapot"),
            .transport(.cancelled), .transport(.timedOut), .transport(.network(code: -1009)),
            .response(.notHTTP), .response(.notEnvelope(status: 200)), .response(.missingUser(field: "_id")),
        ]
        errors += TicketExchange.Error.ServiceReason.allCases.map { TicketExchange.Error.service($0, message: "") }
        let descriptions = errors.map { $0.errorDescription ?? "" }
        for (error, description) in zip(errors, descriptions) {
            XCTAssertFalse(description.isEmpty, "\(error)")
        }
        XCTAssertEqual(Set(descriptions).count, errors.count, "two cases share a description")
        let poolIdDescription = TicketExchange.Error.invalidInput(.userPoolId).errorDescription ?? ""
        XCTAssertTrue(poolIdDescription.hasPrefix(Contract.poolIdExplanation), poolIdDescription)
    }

    private func assertThrows(
        _ expected: TicketExchange.Error,
        _ name: String,
        ticket: String? = nil,
        userPoolId: String? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async {
        do {
            let user = try await exchange.user(for: ticket ?? self.ticket, userPoolId: userPoolId ?? poolId)
            XCTFail("\(name): expected \(expected), got user \(user.id)", file: file, line: line)
        } catch let error as TicketExchange.Error {
            XCTAssertEqual(error, expected, name, file: file, line: line)
        } catch {
            XCTFail("\(name): expected \(expected), got \(error)", file: file, line: line)
        }
    }
}
