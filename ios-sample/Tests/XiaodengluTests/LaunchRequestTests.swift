import Foundation
import XCTest
@testable import Xiaodenglu

final class LaunchRequestTests: XCTestCase {
    private let userName = "gh_a781a791e29e"

    func testBuildVectors() throws {
        let vectors = try Vectors.load("launch-query.json", as: Vectors.Launch.self)
        XCTAssertFalse(vectors.build.isEmpty)
        for vector in vectors.build {
            let make = {
                try LaunchRequest(
                    userPoolId: vector.input.userPoolId,
                    wantPhone: vector.input.wantPhone,
                    useSelfWxapp: vector.input.useSelfWxapp,
                    userName: self.userName
                )
            }
            if let path = vector.path {
                XCTAssertEqual(try make().path, path, vector.name)
            } else {
                XCTAssertThrowsError(try make(), vector.name) { error in
                    XCTAssertEqual((error as? LaunchRequest.Error)?.field, vector.error, vector.name)
                }
            }
        }
    }

    func testCarriesTheFieldsForWXLaunchMiniProgramReq() throws {
        let launch = try LaunchRequest(userPoolId: "5e4cdd055df3df65dc58b97d", userName: userName, programType: .preview)
        XCTAssertEqual(launch.userName, userName)
        XCTAssertEqual(launch.programType.rawValue, 2)
        XCTAssertEqual(launch.path, "/routes/explore?userPoolId=5e4cdd055df3df65dc58b97d&getPhone=1&fromApp=1&useSelfWxapp=0")
    }

    func testProgramTypesMatchWXMiniProgramType() {
        XCTAssertEqual(LaunchRequest.ProgramType.allCases.map(\.rawValue), [0, 1, 2])
        XCTAssertEqual(LaunchRequest.ProgramType.release.rawValue, 0)
        XCTAssertEqual(LaunchRequest.ProgramType.test.rawValue, 1)
        XCTAssertEqual(LaunchRequest.ProgramType.preview.rawValue, 2)
    }

    func testPoolIdReasons() {
        XCTAssertThrowsError(try LaunchRequest(userPoolId: "", userName: userName)) { error in
            XCTAssertEqual(error as? LaunchRequest.Error, .userPoolId(.empty))
        }
        XCTAssertThrowsError(try LaunchRequest(userPoolId: "5e4cdd055df3df65dc58b97\u{301}", userName: userName)) { error in
            XCTAssertEqual(error as? LaunchRequest.Error, .userPoolId(.notPoolId))
        }
    }

    func testUserNameMustBeTheOriginalId() {
        let cases: [(String, LaunchRequest.Error.UserNameReason)] = [
            ("", .empty),
            ("wxa0435021fd7a3af2", .appId),
            ("gh_", .notOriginalId),
            ("gh_a781&path=x", .notOriginalId),
            ("a781a791e29e", .notOriginalId),
            ("gh_" + String(repeating: "a", count: 65), .notOriginalId),
            ("gh_a781\u{301}", .notOriginalId),
            ("gh-a781a791e29e", .notOriginalId),
        ]
        for (userName, reason) in cases {
            XCTAssertThrowsError(try LaunchRequest(userPoolId: "5e4cdd055df3df65dc58b97d", userName: userName), userName) { error in
                XCTAssertEqual(error as? LaunchRequest.Error, .userName(reason), userName)
                XCTAssertEqual((error as? LaunchRequest.Error)?.field, "userName")
            }
        }
        XCTAssertNoThrow(try LaunchRequest(userPoolId: "5e4cdd055df3df65dc58b97d", userName: "gh_A1b2"))
        XCTAssertNoThrow(try LaunchRequest(userPoolId: "5e4cdd055df3df65dc58b97d", userName: "gh_" + String(repeating: "Z", count: 64)))
    }

    /// The same as JavaScript's `encodeURIComponent`, which `sdk/launch-path.ts` uses.
    func testPercentEncodingIsEncodeURIComponent() {
        XCTAssertEqual(Contract.percentEncoded("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()")
        XCTAssertEqual(Contract.percentEncoded("a&b=c d/é"), "a%26b%3Dc%20d%2F%C3%A9")
        XCTAssertEqual(Contract.percentEncoded("%#?+,;:@$[]"), "%25%23%3F%2B%2C%3B%3A%40%24%5B%5D")
        XCTAssertEqual(Contract.percentEncoded("😀\u{0}"), "%F0%9F%98%80%00")
    }

    /// Every case, once: each says something of its own.
    func testErrorsExplainThemselves() {
        let errors: [LaunchRequest.Error] = [
            .userPoolId(.empty), .userPoolId(.notPoolId), .userName(.empty), .userName(.appId), .userName(.notOriginalId),
            .codeChallenge,
        ]
        let descriptions = errors.map { $0.errorDescription ?? "" }
        for (error, description) in zip(errors, descriptions) {
            XCTAssertFalse(description.isEmpty, "\(error)")
        }
        XCTAssertEqual(Set(descriptions).count, errors.count, "two cases share a description")
        let poolIdDescription = LaunchRequest.Error.userPoolId(.notPoolId).errorDescription ?? ""
        XCTAssertTrue(poolIdDescription.hasPrefix(Contract.poolIdExplanation), poolIdDescription)
    }
}
