package cn.xiaodenglu;

import java.util.Map;
import java.util.Objects;

/**
 * What the 小登录 mini-program handed back to the app, read: {@code WXLaunchMiniProgram.Resp.extMsg}
 * from {@code onResp}, or {@code ShowMessageFromWX.Req.message.messageExt} from {@code onReq} (the
 * {@code launchApp} fallback).
 *
 * <pre>{@code
 * LaunchResult result = LaunchResult.parse(((WXLaunchMiniProgram.Resp) resp).extMsg);
 * switch (result.kind()) {
 *     case SUCCESS:   sendToBackend(result.ticket()); break;
 *     case CANCELLED: break;
 *     case FAILURE:   show(result.code(), result.message()); break;
 *     case MALFORMED: show(0, "unexpected reply: " + result.malformedReason()); break;
 * }
 * }</pre>
 *
 * <p>The rules are those of the TypeScript reference ({@code sdk/ext-msg.ts}) and the Swift
 * {@code LaunchResult}, held to {@code test/vectors/ext-msg.json}. Immutable; {@link #toString()} never
 * shows the ticket.
 */
public final class LaunchResult {
    /** The four outcomes, as the vectors name them ({@code kind}). */
    public enum Kind {
        /** {@code code=200}: a one-time ticket. It expires after the pool's {@code ticketExpiresAfter} (120 s by default): use it at once. */
        SUCCESS,
        /** {@code code=400}: the user declined (phone sheet, privacy sheet, or cancel). */
        CANCELLED,
        /**
         * Any other status: 403 refused, 404 unknown pool, 422 bad launch parameters, 429 rate limited,
         * 500 service error, 503 network or WeChat unavailable.
         */
        FAILURE,
        /** Not an {@code extMsg} of this contract; {@link #malformedReason()} says why. */
        MALFORMED
    }

    /** Why an {@code extMsg} is {@link Kind#MALFORMED}. */
    public enum MalformedReason {
        /** Nothing (or only whitespace, or {@code null}) arrived. */
        EMPTY,
        /**
         * Exactly {@code {}}: WeChat's default. The page did not return through the launcher, or an old WeChat
         * build dropped the data (Android 6.6.6; builds that read {@code extraData} as an object drop the
         * string this project sends).
         */
        EMPTY_JSON_OBJECT,
        /** Starts like a JSON object but is not one. */
        BROKEN_JSON,
        /** No {@code code} field. */
        NO_CODE,
        /** A {@code code} that is not three digits from 100 to 599. */
        INVALID_CODE,
        /** {@code code=200} without a ticket of 1 to 512 characters of {@code [A-Za-z0-9_-]}. */
        INVALID_TICKET
    }

    private final Kind kind;
    private final int code;
    private final String message;
    private final String ticket;
    private final MalformedReason malformedReason;
    private final String raw;

    private LaunchResult(Kind kind, int code, String message, String ticket, MalformedReason malformedReason, String raw) {
        this.kind = kind;
        this.code = code;
        this.message = message;
        this.ticket = ticket;
        this.malformedReason = malformedReason;
        this.raw = raw;
    }

    static LaunchResult success(String ticket, String message) {
        return new LaunchResult(Kind.SUCCESS, 200, message, ticket, null, null);
    }

    static LaunchResult cancelled(String message) {
        return new LaunchResult(Kind.CANCELLED, 400, message, null, null, null);
    }

    static LaunchResult failure(int code, String message) {
        return new LaunchResult(Kind.FAILURE, code, message, null, null, null);
    }

    static LaunchResult malformed(MalformedReason reason, String raw) {
        return new LaunchResult(Kind.MALFORMED, 0, null, null, reason, raw);
    }

    /**
     * Reads an {@code extMsg}, in the query form ({@code code=200&message=…&ticket=…}) or the JSON-object
     * form some older Android WeChat builds produce ({@code code} a number or a string). Never throws,
     * whatever the input.
     *
     * @param extMsg the string WeChat delivered; {@code null} reads as {@link MalformedReason#EMPTY}
     */
    public static LaunchResult parse(String extMsg) {
        String raw = extMsg == null ? "" : extMsg;
        String trimmed = ExtMsgFields.trimmed(raw);
        if (trimmed.isEmpty()) return malformed(MalformedReason.EMPTY, raw);
        Map<String, String> fields;
        if (trimmed.equals("{}")) return malformed(MalformedReason.EMPTY_JSON_OBJECT, raw);
        if (trimmed.charAt(0) == '{') {
            fields = ExtMsgFields.ofJsonObject(trimmed);
            if (fields == null) return malformed(MalformedReason.BROKEN_JSON, raw);
        } else {
            fields = ExtMsgFields.ofQuery(trimmed);
        }
        String codeText = fields.get("code");
        if (codeText == null) return malformed(MalformedReason.NO_CODE, raw);
        int code = Contract.statusCode(codeText);
        if (code == 0) return malformed(MalformedReason.INVALID_CODE, raw);
        String message = fields.containsKey("message") ? fields.get("message") : "";
        switch (code) {
            case 200:
                String ticket = fields.get("ticket");
                return Contract.isTicket(ticket) ? success(ticket, message) : malformed(MalformedReason.INVALID_TICKET, raw);
            case 400:
                return cancelled(message);
            default:
                return failure(code, message);
        }
    }

    /** Which outcome this is. */
    public Kind kind() {
        return kind;
    }

    /** The status code: 200, 400 or the failure's; 0 when malformed. */
    public int code() {
        return code;
    }

    /** The mini-program's message (e.g. {@code 参数错误：userPoolId}), empty when it sent none; {@code null} when malformed. */
    public String message() {
        return message;
    }

    /** The ticket of a success, otherwise {@code null}. Never log it. */
    public String ticket() {
        return ticket;
    }

    /** Why the {@code extMsg} was not read, or {@code null} unless malformed. */
    public MalformedReason malformedReason() {
        return malformedReason;
    }

    /** The string as it came (untrimmed; {@code ""} for {@code null}) when malformed, otherwise {@code null}. */
    public String raw() {
        return raw;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof LaunchResult)) return false;
        LaunchResult that = (LaunchResult) other;
        return kind == that.kind && code == that.code && malformedReason == that.malformedReason
                && Objects.equals(message, that.message) && Objects.equals(ticket, that.ticket) && Objects.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, code, message, ticket, malformedReason, raw);
    }

    /** The kind, code and message; a ticket shows only as its length, and a malformed string not at all. */
    @Override
    public String toString() {
        switch (kind) {
            case SUCCESS: return "LaunchResult.SUCCESS(ticket: " + ticket.length() + " characters, message: " + message + ")";
            case MALFORMED: return "LaunchResult.MALFORMED(" + malformedReason + ")";
            default: return "LaunchResult." + kind + "(" + code + ", message: " + message + ")";
        }
    }
}
