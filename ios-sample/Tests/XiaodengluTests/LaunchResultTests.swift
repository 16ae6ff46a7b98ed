import Foundation
import XCTest
@testable import Xiaodenglu

final class LaunchResultTests: XCTestCase {
    func testParseVectors() throws {
        let vectors = try Vectors.load("ext-msg.json", as: Vectors.ExtMsg.self)
        XCTAssertFalse(vectors.parse.isEmpty)
        for vector in vectors.parse {
            XCTAssertEqual(LaunchResult(extMsg: vector.extMsg), try expected(vector), vector.name)
        }
    }

    /// Every extMsg the launcher can send reads as its code, message and ticket — the same fields
    /// the seed's naive split (made safe here) reads: the catalogue's compatibility rule.
    func testEveryEncodedExtMsgParses() throws {
        let vectors = try Vectors.load("ext-msg.json", as: Vectors.ExtMsg.self)
        XCTAssertFalse(vectors.encode.isEmpty)
        for vector in vectors.encode {
            let naive = naiveFields(vector.extMsg)
            let result = LaunchResult(extMsg: vector.extMsg)
            XCTAssertEqual(result.code.map { String($0) }, naive["code"], vector.name)
            XCTAssertEqual(result.message, naive["message"], vector.name)
            XCTAssertEqual(result.ticket, naive["ticket"], vector.name)
        }
    }

    func testNilReadsAsMalformed() {
        XCTAssertEqual(LaunchResult(extMsg: nil), .malformed(raw: ""))
    }

    func testJSONFormEdgeCases() {
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":\"400\",\"message\":\"用户取消授权\"}"), .cancelled(message: "用户取消授权"))
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":503.0}"), .failure(code: 503, message: ""))
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":200,\"ticket\":123}"), .success(ticket: "123", message: ""))
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":true}"), .malformed(raw: "{\"code\":true}"))
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":200.5}"), .malformed(raw: "{\"code\":200.5}"))
        XCTAssertEqual(LaunchResult(extMsg: "{\"code\":null}"), .malformed(raw: "{\"code\":null}"))
        XCTAssertEqual(LaunchResult(extMsg: "null"), .malformed(raw: "null"))
    }

    func testQueryFormEdgeCases() {
        XCTAssertEqual(LaunchResult(extMsg: "code=403&message=a+b"), .failure(code: 403, message: "a b"))
        XCTAssertEqual(LaunchResult(extMsg: "code=403&message=a=b"), .failure(code: 403, message: "a=b"))
        XCTAssertEqual(LaunchResult(extMsg: "%63ode=429"), .failure(code: 429, message: ""))
        XCTAssertEqual(LaunchResult(extMsg: "\u{FEFF}code=400"), .cancelled(message: ""))
        // A combining mark after '&' forms one Character with it; the split is on bytes anyway.
        XCTAssertEqual(LaunchResult(extMsg: "code=500&\u{301}message=x"), .failure(code: 500, message: ""))
        XCTAssertEqual(LaunchResult(extMsg: "code=２００"), .malformed(raw: "code=２００"))
        XCTAssertEqual(LaunchResult(extMsg: "code=200&ticket=" + String(repeating: "a", count: 513)).ticket, nil)
    }

    func testAccessors() {
        let success = LaunchResult.success(ticket: "t", message: "授权成功")
        XCTAssertEqual(success.code, 200)
        XCTAssertEqual(success.ticket, "t")
        XCTAssertEqual(LaunchResult.cancelled(message: "m").code, 400)
        XCTAssertNil(LaunchResult.cancelled(message: "m").ticket)
        XCTAssertNil(LaunchResult.malformed(raw: "x").message)
    }

    /// Never traps, on any input: a fixed-seed run over strings built from the characters that
    /// matter to the parser and some that do not.
    func testNeverTrapsOnNoise() {
        let alphabet = Array("code=200&message%E7+ticket{}\":,[]\\ 0123456789😀é\u{301}\u{0}\n".unicodeScalars)
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<5_000 {
            var noise = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 40) {
                noise.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            let text = String(noise)
            let result = LaunchResult(extMsg: text)
            if case let .success(ticket, _) = result {
                XCTAssertTrue(Contract.isTicket(ticket), text)
            }
            if case let .malformed(raw) = result {
                XCTAssertEqual(raw, text)
            }
        }
    }

    private func expected(_ vector: Vectors.ExtMsg.Parsed) throws -> LaunchResult {
        let expect = vector.expect
        switch expect.kind {
        case "success":
            return .success(ticket: try XCTUnwrap(expect.ticket, vector.name), message: expect.message ?? "")
        case "cancelled":
            return .cancelled(message: expect.message ?? "")
        case "failure":
            return .failure(code: try XCTUnwrap(expect.code, vector.name), message: expect.message ?? "")
        case "malformed":
            return .malformed(raw: vector.extMsg)
        default:
            throw UnknownKind(kind: expect.kind)
        }
    }

    private struct UnknownKind: Error {
        let kind: String
    }

    /// The seed's parser — split on `&`, then on `=` — without its traps.
    private func naiveFields(_ extMsg: String) -> [String: String] {
        var fields: [String: String] = [:]
        for row in extMsg.components(separatedBy: "&") {
            let pair = row.components(separatedBy: "=")
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        return fields
    }
}

/// A small deterministic generator (Steele, Lea & Flood's SplitMix64), so the noise test is the
/// same on every run and platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
