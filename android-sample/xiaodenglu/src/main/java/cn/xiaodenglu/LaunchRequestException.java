package cn.xiaodenglu;

/** Why a {@link LaunchRequest} could not be made: names the first field that is wrong. */
public final class LaunchRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong, and with which field. */
    public enum Reason {
        /** No pool id was given. */
        USER_POOL_ID_EMPTY("userPoolId", "userPoolId is empty."),
        /** Not 24 lowercase hex digits (uppercase, wrong length, or anything else). */
        USER_POOL_ID_INVALID("userPoolId", Contract.POOL_ID_EXPLANATION + "."),
        /** No original id was given. */
        USER_NAME_EMPTY("userName", "userName is empty: use the mini-program's original id (gh_…)."),
        /** An AppID ({@code wx…}) where the original id ({@code gh_…}) belongs. */
        USER_NAME_IS_APP_ID("userName", "userName is an AppID (wx…); WXLaunchMiniProgram.Req needs the original id (gh_…)."),
        /** Not {@code gh_} followed by 1 to 64 ASCII letters or digits. */
        USER_NAME_INVALID("userName", "userName must be the mini-program's original id: gh_ followed by 1 to 64 ASCII letters or digits."),
        /** Not an S256 code challenge: 43 characters of {@code [A-Za-z0-9_-]}, as {@link Pkce#challenge} makes. */
        CODE_CHALLENGE_INVALID("codeChallenge", "codeChallenge must be an S256 challenge (43 characters of [A-Za-z0-9_-]): use Pkce.challenge(verifier), not the verifier.");

        private final String field;
        private final String explanation;

        Reason(String field, String explanation) {
            this.field = field;
            this.explanation = explanation;
        }

        /** The rejected field, as the contract vectors spell it: {@code userPoolId}, {@code userName} or {@code codeChallenge}. */
        public String field() {
            return field;
        }
    }

    private final Reason reason;

    LaunchRequestException(Reason reason) {
        super(reason.explanation);
        this.reason = reason;
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }

    /** The rejected field, as the contract vectors spell it. */
    public String field() {
        return reason.field;
    }
}
