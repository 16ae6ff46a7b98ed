import Foundation

extension LaunchRequest {
    /// Why a ``LaunchRequest`` could not be made.
    public enum Error: Swift.Error, Sendable, Hashable {
        /// What is wrong with `userPoolId`.
        public enum UserPoolIdReason: Sendable, Hashable {
            /// No pool id was given.
            case empty
            /// Not 24 lowercase hex digits (uppercase, wrong length, or anything else).
            case notPoolId
        }

        /// What is wrong with `userName`.
        public enum UserNameReason: Sendable, Hashable {
            /// No original id was given.
            case empty
            /// An AppID (`wx…`) where the original id (`gh_…`) belongs: WeChat answers `-3`.
            case appId
            /// Not of the form `gh_` followed by 1 to 64 ASCII letters or digits.
            case notOriginalId
        }

        /// The pool id cannot be sent.
        case userPoolId(UserPoolIdReason)
        /// The mini-program's original id cannot be sent.
        case userName(UserNameReason)
        /// Not an S256 challenge: 43 characters of `[A-Za-z0-9_-]` (``Pkce/challenge(for:)`` makes one).
        case codeChallenge

        /// The name of the rejected field, as the contract vectors spell it.
        public var field: String {
            switch self {
            case .userPoolId: return "userPoolId"
            case .userName: return "userName"
            case .codeChallenge: return "codeChallenge"
            }
        }
    }
}

extension LaunchRequest.Error: LocalizedError {
    /// A developer-facing explanation; not meant for end users.
    public var errorDescription: String? {
        switch self {
        case .userPoolId(.empty):
            return "userPoolId is empty."
        case .userPoolId(.notPoolId):
            return Contract.poolIdExplanation + "."
        case .userName(.empty):
            return "userName is empty: use the mini-program's original id (gh_…)."
        case .userName(.appId):
            return "userName is an AppID (wx…); WXLaunchMiniProgramReq needs the original id (gh_…)."
        case .userName(.notOriginalId):
            return "userName must be the mini-program's original id: gh_ followed by 1 to 64 ASCII letters or digits."
        case .codeChallenge:
            return "codeChallenge must be an S256 challenge, 43 characters of [A-Za-z0-9_-]: use Pkce.challenge(for:), not the verifier."
        }
    }
}
