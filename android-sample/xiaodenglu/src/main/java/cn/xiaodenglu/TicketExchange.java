package cn.xiaodenglu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Trades a ticket for the user at {@code POST <serviceBaseUrl>/oauth/app2wxapp/auth/<userPoolId>}, straight
 * from the app, with {@link HttpURLConnection}.
 *
 * <p>Only for pools that turned {@code ticketExchangeUserInfoNeedSecret} <b>off</b>. With the default (on),
 * the exchange needs the pool secret: send the ticket to your own backend and exchange it there. Never ship
 * the pool secret in an app; this client has no way to send one.
 *
 * <pre>{@code
 * TicketExchange exchange = new TicketExchange(new URL("https://xdl.example.com"));
 * ExchangedUser user = exchange.exchange(ticket, "5e4cdd055df3df65dc58b97d", verifier);
 * }</pre>
 *
 * <p>{@link #exchange} blocks: call it off the main thread (Android throws
 * {@code NetworkOnMainThreadException} otherwise). Immutable and safe to share between threads.
 */
public final class TicketExchange {
    /** How long connecting, and then waiting for the answer, may each take by default. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 15000;

    /** Bodies beyond this are not the service's (its largest answer is a few kilobytes) and are not read. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final String endpointPrefix;
    private final int timeoutMillis;

    /** A client for the ticket service at {@code serviceBaseUrl}, with {@link #DEFAULT_TIMEOUT_MILLIS}. */
    public TicketExchange(URL serviceBaseUrl) {
        this(serviceBaseUrl, DEFAULT_TIMEOUT_MILLIS);
    }

    /**
     * @param serviceBaseUrl the ticket service's origin, e.g. {@code https://xdl.example.com}; a path prefix
     *     is kept
     * @param timeoutMillis how long connecting, and then waiting for the answer, may each take
     * @throws IllegalArgumentException if the URL is not http(s), has a query or fragment, or the timeout is not positive
     */
    public TicketExchange(URL serviceBaseUrl, int timeoutMillis) {
        String protocol = serviceBaseUrl.getProtocol();
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new IllegalArgumentException("the ticket service URL must be http(s), not " + protocol);
        }
        if (serviceBaseUrl.getQuery() != null || serviceBaseUrl.getRef() != null) {
            throw new IllegalArgumentException("the ticket service URL must have no query or fragment");
        }
        if (timeoutMillis <= 0) throw new IllegalArgumentException("timeoutMillis must be positive, not " + timeoutMillis);
        String base = serviceBaseUrl.toExternalForm();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.endpointPrefix = base + "/oauth/app2wxapp/auth/";
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Exchanges {@code ticket} for the user it was issued to, for a login launched without a code challenge.
     *
     * @see #exchange(String, String, String)
     */
    public ExchangedUser exchange(String ticket, String userPoolId) throws TicketExchangeException {
        return exchange(ticket, userPoolId, null);
    }

    /**
     * Exchanges {@code ticket} for the user it was issued to. A ticket is single use: call this once.
     *
     * @param ticket the ticket from {@link LaunchResult#ticket()}
     * @param userPoolId the pool the login was for
     * @param codeVerifier the verifier whose challenge was in the launch path, or {@code null} when none was
     * @throws TicketExchangeException {@link TicketExchangeException.InvalidInput} (nothing sent) when an
     *     argument cannot be valid; without the secret, any ticket the service cannot use fails as
     *     {@link TicketExchangeException.Service} with {@link ServiceReason#TICKET_INVALID}
     */
    public ExchangedUser exchange(String ticket, String userPoolId, String codeVerifier) throws TicketExchangeException {
        if (!Contract.isPoolId(userPoolId)) throw new TicketExchangeException.InvalidInput(TicketExchangeException.InvalidInput.Field.USER_POOL_ID);
        if (!Contract.isExchangeableTicket(ticket)) throw new TicketExchangeException.InvalidInput(TicketExchangeException.InvalidInput.Field.TICKET);
        if (codeVerifier != null && Pkce.problemWith(codeVerifier) != null) {
            throw new TicketExchangeException.InvalidInput(TicketExchangeException.InvalidInput.Field.CODE_VERIFIER);
        }
        // Both values are validated to characters that need no JSON escaping.
        String body = "{\"ticket\":\"" + ticket + "\"" + (codeVerifier == null ? "" : ",\"codeVerifier\":\"" + codeVerifier + "\"") + "}";
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL(endpointPrefix + userPoolId).openConnection();
            int status = post(connection, body.getBytes(StandardCharsets.UTF_8));
            if (status < 0) throw new TicketExchangeException.BadResponse(TicketExchangeException.BadResponse.Reason.NOT_HTTP, -1);
            InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return readUser(status, readAtMost(answer, MAX_BODY_BYTES));
        } catch (SocketTimeoutException timeout) {
            throw new TicketExchangeException.Transport(TicketExchangeException.Transport.Reason.TIMED_OUT, timeout);
        } catch (MalformedURLException impossible) {
            // The prefix is a valid http(s) URL and the pool id 24 hex digits.
            throw new IllegalStateException(impossible);
        } catch (IOException unreachable) {
            throw new TicketExchangeException.Transport(TicketExchangeException.Transport.Reason.NETWORK, unreachable);
        } finally {
            if (connection != null) connection.disconnect();
        }
    }

    /** Sends {@code body} and returns the status, -1 when the answer is not HTTP. */
    private int post(HttpURLConnection connection, byte[] body) throws IOException {
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setDoOutput(true);
        // No setFixedLengthStreamingMode: in streaming mode the JVM's HttpURLConnection drops the body of a
        // 401 (secret_required), and the reason with it. The body is a few dozen bytes.
        connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
        connection.setRequestProperty("Accept", "application/json");
        OutputStream out = connection.getOutputStream();
        try {
            out.write(body);
        } finally {
            out.close();
        }
        return connection.getResponseCode();
    }

    /** The body as UTF-8, or {@code null} when it is larger than {@code limit} bytes. An absent stream is an empty body. */
    private static String readAtMost(InputStream in, int limit) throws IOException {
        if (in == null) return "";
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (bytes.size() + n > limit) return null;
                bytes.write(buffer, 0, n);
            }
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        } finally {
            in.close();
        }
    }

    /**
     * Reads the service's envelope {@code {code, message, error?, data?}}.
     *
     * @param body the body, or {@code null} when it was too large to read
     */
    static ExchangedUser readUser(int status, String body) throws TicketExchangeException {
        Map<?, ?> envelope = jsonObject(body);
        if (status < 200 || status > 299) {
            String reasonName = envelope == null ? null : stringMember(envelope, "error");
            String message = envelope == null ? null : stringMember(envelope, "message");
            ServiceReason reason = ServiceReason.fromWireName(reasonName);
            if (reason != null) throw new TicketExchangeException.Service(reason, message == null ? "" : message);
            throw new TicketExchangeException.UnexpectedStatus(status, reasonName, message);
        }
        if (envelope == null || !(envelope.get("code") instanceof Double)) {
            throw new TicketExchangeException.BadResponse(TicketExchangeException.BadResponse.Reason.NOT_ENVELOPE, status);
        }
        try {
            return ExchangedUser.read(envelope.get("data"));
        } catch (ExchangedUser.UnreadableField unreadable) {
            throw new TicketExchangeException.BadResponse(status, unreadable.field);
        }
    }

    private static Map<?, ?> jsonObject(String body) {
        if (body == null) return null;
        try {
            Object parsed = Json.parse(body);
            return parsed instanceof Map ? (Map<?, ?>) parsed : null;
        } catch (Json.SyntaxError notJson) {
            return null;
        }
    }

    private static String stringMember(Map<?, ?> object, String key) {
        Object value = object.get(key);
        return value instanceof String ? (String) value : null;
    }
}
