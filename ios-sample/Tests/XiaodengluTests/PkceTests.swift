import Foundation
import XCTest
@testable import Xiaodenglu

/// PKCE as `test/vectors/pkce.json` pins it (the TypeScript sdk and the Android library read the same file).
final class PkceTests: XCTestCase {
    private let userName = "gh_a781a791e29e"
    private let refusals: [String: Pkce.InvalidVerifier] = [
        "badCharacter": .badCharacter, "tooShort": .tooShort, "tooLong": .tooLong,
    ]

    func testS256Vectors() throws {
        let vectors = try Vectors.load("pkce.json", as: Vectors.Pkce.self)
        XCTAssertFalse(vectors.s256.isEmpty)
        for vector in vectors.s256 {
            if let challenge = vector.challenge {
                XCTAssertEqual(try Pkce.challenge(for: vector.verifier), challenge, vector.name)
            } else {
                let expected = try XCTUnwrap(refusals[vector.error ?? ""], vector.name)
                XCTAssertThrowsError(try Pkce.challenge(for: vector.verifier), vector.name) { error in
                    XCTAssertEqual(error as? Pkce.InvalidVerifier, expected, vector.name)
                }
            }
        }
    }

    func testNewVerifierIsBase64URLOfItsBytes() throws {
        let vectors = try Vectors.load("pkce.json", as: Vectors.Pkce.self)
        let pinned = try XCTUnwrap(vectors.s256.first { $0.name.hasPrefix("the bytes 0 to 31") })
        XCTAssertEqual(Pkce.verifier(fromBytes: Array(0..<32)), pinned.verifier)
    }

    func testNewVerifiersAreValidAndDiffer() throws {
        let verifiers = (0..<8).map { _ in Pkce.newVerifier() }
        for verifier in verifiers {
            XCTAssertEqual(verifier.count, Pkce.minVerifierLength)
            XCTAssertNil(Pkce.problem(with: verifier), verifier)
            XCTAssertEqual(try Pkce.challenge(for: verifier).count, 43)
        }
        XCTAssertEqual(Set(verifiers).count, verifiers.count)
    }

    func testLaunchPathWithAChallenge() throws {
        let vectors = try Vectors.load("pkce.json", as: Vectors.Pkce.self)
        XCTAssertFalse(vectors.build.isEmpty)
        for vector in vectors.build {
            let make = {
                try LaunchRequest(
                    userPoolId: vector.input.userPoolId,
                    wantPhone: vector.input.wantPhone,
                    useSelfWxapp: vector.input.useSelfWxapp,
                    userName: self.userName,
                    codeChallenge: vector.input.codeChallenge
                )
            }
            if let path = vector.path {
                XCTAssertEqual(try make().path, path, vector.name)
                XCTAssertEqual(try make().codeChallenge, vector.input.codeChallenge, vector.name)
            } else {
                XCTAssertThrowsError(try make(), vector.name) { error in
                    XCTAssertEqual((error as? LaunchRequest.Error)?.field, vector.error, vector.name)
                }
            }
        }
    }
}
