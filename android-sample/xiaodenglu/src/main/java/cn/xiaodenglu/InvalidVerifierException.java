package cn.xiaodenglu;

/** A string that is not an RFC 7636 code verifier: 43 to 128 characters of {@code [A-Za-z0-9-._~]}. */
public final class InvalidVerifierException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with it. Characters are checked before the length. */
    public enum Reason {
        /** A character outside {@code [A-Za-z0-9-._~]}. */
        BAD_CHARACTER("the code verifier has a character outside [A-Za-z0-9-._~]"),
        /** Fewer than 43 characters ({@code null} counts as none). */
        TOO_SHORT("the code verifier has fewer than 43 characters"),
        /** More than 128 characters. */
        TOO_LONG("the code verifier has more than 128 characters");

        private final String explanation;

        Reason(String explanation) {
            this.explanation = explanation;
        }
    }

    private final Reason reason;

    InvalidVerifierException(Reason reason) {
        super(reason.explanation);
        this.reason = reason;
    }

    /** What is wrong with the verifier. */
    public Reason reason() {
        return reason;
    }
}
