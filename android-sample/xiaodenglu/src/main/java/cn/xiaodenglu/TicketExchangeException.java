package cn.xiaodenglu;

/**
 * Why {@link TicketExchange#exchange} failed. One subclass per way it can fail, and no others:
 * {@link InvalidInput} (nothing was sent), {@link Service} (the service refused, naming a reason),
 * {@link UnexpectedStatus} (a failure status without a known reason), {@link Transport} (no answer) and
 * {@link BadResponse} (an answer that could not be read). Messages are for developers, not end users,
 * and never contain the ticket or the verifier.
 */
public abstract class TicketExchangeException extends Exception {
    private static final long serialVersionUID = 1L;

    private TicketExchangeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Rejected before sending anything: the service would refuse it unseen. */
    public static final class InvalidInput extends TicketExchangeException {
        private static final long serialVersionUID = 1L;

        /** The argument that cannot be sent. */
        public enum Field {
            /** Not 24 lowercase hex digits. */
            USER_POOL_ID,
            /** Not 16 to 128 characters of {@code [A-Za-z0-9_-]}. */
            TICKET,
            /** Not 43 to 128 characters of {@code [A-Za-z0-9-._~]}. */
            CODE_VERIFIER
        }

        private final Field field;

        InvalidInput(Field field) {
            super(explanation(field), null);
            this.field = field;
        }

        /** The argument that cannot be sent. */
        public Field field() {
            return field;
        }

        private static String explanation(Field field) {
            switch (field) {
                case USER_POOL_ID: return Contract.POOL_ID_EXPLANATION + "; nothing was sent.";
                case TICKET: return "The ticket is not 16 to 128 characters of [A-Za-z0-9_-], which the service requires; nothing was sent.";
                default: return "The code verifier is not 43 to 128 characters of [A-Za-z0-9-._~]; nothing was sent.";
            }
        }
    }

    /** The service refused, naming a reason this library knows. */
    public static final class Service extends TicketExchangeException {
        private static final long serialVersionUID = 1L;

        private final ServiceReason reason;
        private final String serviceMessage;

        Service(ServiceReason reason, String serviceMessage) {
            super(reason.needsServerSideExchange()
                    ? "The pool requires its secret (" + reason.wireName() + "): exchange the ticket on your server. " + serviceMessage
                    : "The ticket service refused: " + reason.wireName() + " (" + reason.status() + ") " + serviceMessage, null);
            this.reason = reason;
            this.serviceMessage = serviceMessage;
        }

        /** The service's reason. */
        public ServiceReason reason() {
            return reason;
        }

        /** The service's human-readable message; empty when it sent none. */
        public String serviceMessage() {
            return serviceMessage;
        }
    }

    /** A failure status without a reason this library knows: from a newer service, or a proxy in front of it. */
    public static final class UnexpectedStatus extends TicketExchangeException {
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String reasonName;
        private final String serviceMessage;

        UnexpectedStatus(int status, String reasonName, String serviceMessage) {
            super(describe(status, reasonName, serviceMessage), null);
            this.status = status;
            this.reasonName = reasonName;
            this.serviceMessage = serviceMessage;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** The envelope's {@code error}, or {@code null} when the body had none. */
        public String reasonName() {
            return reasonName;
        }

        /** The envelope's {@code message}, or {@code null} when the body had none. */
        public String serviceMessage() {
            return serviceMessage;
        }

        private static String describe(int status, String reasonName, String serviceMessage) {
            if (reasonName == null && serviceMessage == null) return "HTTP " + status + " from the ticket service or something in front of it.";
            StringBuilder said = new StringBuilder("HTTP ").append(status).append(": ");
            if (reasonName != null) said.append(reasonName);
            if (reasonName != null && serviceMessage != null) said.append(": ");
            if (serviceMessage != null) said.append(serviceMessage);
            return said.toString();
        }
    }

    /** The request got no answer; {@link #getCause()} is the {@link java.io.IOException}. */
    public static final class Transport extends TicketExchangeException {
        private static final long serialVersionUID = 1L;

        /** Why no answer came. */
        public enum Reason {
            /** No connection or no answer within the timeout. */
            TIMED_OUT,
            /** Any other failure to reach the service: offline, refused, DNS, TLS, reset. */
            NETWORK
        }

        private final Reason reason;

        Transport(Reason reason, Throwable cause) {
            super(reason == Reason.TIMED_OUT
                    ? "The ticket service did not answer in time."
                    : "The ticket service could not be reached (" + cause.getClass().getSimpleName() + ").", cause);
            this.reason = reason;
        }

        /** Why no answer came. */
        public Reason reason() {
            return reason;
        }
    }

    /** An answer that could not be read. */
    public static final class BadResponse extends TicketExchangeException {
        private static final long serialVersionUID = 1L;

        /** What is wrong with the answer. */
        public enum Reason {
            /** Not HTTP at all. */
            NOT_HTTP,
            /** A success status whose body is not the service's JSON envelope (a proxy or captive portal answered?). */
            NOT_ENVELOPE,
            /**
             * The envelope's {@code data} is not a user the contract allows: {@link BadResponse#field()} names
             * the first field missing or of the wrong type.
             */
            MISSING_USER
        }

        private final Reason reason;
        private final int status;
        private final String field;

        BadResponse(Reason reason, int status) {
            super(describe(reason, status, null), null);
            this.reason = reason;
            this.status = status;
            this.field = null;
        }

        /** A {@link Reason#MISSING_USER}: {@code field} of {@code data} is missing or of the wrong type. */
        BadResponse(int status, String field) {
            super(describe(Reason.MISSING_USER, status, field), null);
            this.reason = Reason.MISSING_USER;
            this.status = status;
            this.field = field;
        }

        /** What is wrong with the answer. */
        public Reason reason() {
            return reason;
        }

        /**
         * For {@link Reason#MISSING_USER}, the first field of the user that is missing or of the wrong type
         * ({@code (data)} when there is no user object at all); otherwise {@code null}.
         */
        public String field() {
            return field;
        }

        /** The HTTP status; -1 for {@link Reason#NOT_HTTP}. */
        public int status() {
            return status;
        }

        private static String describe(Reason reason, int status, String field) {
            switch (reason) {
                case NOT_HTTP: return "The answer was not HTTP.";
                case NOT_ENVELOPE: return "HTTP " + status + " with a body that is not the ticket service's envelope.";
                default: return "The ticket service answered without a readable user: " + field + " is missing or of the wrong type.";
            }
        }
    }
}
