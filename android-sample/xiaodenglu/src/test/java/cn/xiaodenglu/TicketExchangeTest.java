package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

class TicketExchangeTest {
    private static final String POOL_ID = "5e4cdd055df3df65dc58b97d";
    private static final String TICKET = "Zx9_-aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String USER_JSON = "{\"code\":200,\"message\":\"ok\",\"data\":{\"_id\":\"5e57540f84622ae263294a42\","
            + "\"phone\":\"17670416754\",\"phoneCountryCode\":\"86\",\"openid\":\"o1p9H4wAgb9uTqpxG5Z1g0pIr3FE\",\"unionid\":null,"
            + "\"nickname\":\"廖长江\",\"photo\":\"\",\"registerMethod\":\"oauth:app2wxapp\",\"loginsCount\":2,"
            + "\"lastLogin\":\"2020-02-27T05:33:20.796Z\",\"signedUp\":\"2020-02-27T05:30:55.875Z\",\"lastIP\":\"::ffff:192.168.0.106\","
            + "\"blocked\":false,\"token\":\"eyJhbGciOiJIUzI1NiJ9.e30.sig\",\"tokenExpiredAt\":\"2020-03-13T05:33:20.000Z\"}}";

    private CannedServer server;
    private TicketExchange exchange;

    @BeforeEach
    void startServer() throws IOException {
        server = new CannedServer();
        exchange = new TicketExchange(server.url("/base/"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void exchangesTheTicketForTheUser() throws Exception {
        server.reply(200, USER_JSON);
        ExchangedUser user = exchange.exchange(TICKET, POOL_ID);

        assertEquals("5e57540f84622ae263294a42", user.id());
        assertEquals("eyJhbGciOiJIUzI1NiJ9.e30.sig", user.token());
        assertEquals("2020-03-13T05:33:20.000Z", user.tokenExpiredAt());
        assertEquals("17670416754", user.phone());
        assertEquals("86", user.phoneCountryCode());
        assertEquals("o1p9H4wAgb9uTqpxG5Z1g0pIr3FE", user.openid());
        assertNull(user.unionid());
        assertEquals("廖长江", user.nickname());
        assertNull(user.photo());
        assertEquals(2, user.loginsCount());
        assertEquals("2020-02-27T05:33:20.796Z", user.lastLogin());
        assertEquals("2020-02-27T05:30:55.875Z", user.signedUp());
        assertEquals("::ffff:192.168.0.106", user.lastIP());
        assertFalse(user.blocked());

        assertEquals(1, server.requests.size());
        CannedServer.Request sent = server.requests.peek();
        assertEquals("POST", sent.method);
        assertEquals("/base/oauth/app2wxapp/auth/" + POOL_ID, sent.path);
        assertNull(sent.query, "the ticket travels in the body, not the URL");
        assertEquals("application/json; charset=utf-8", sent.contentType);
        assertEquals(map("ticket", TICKET), Json.parse(sent.body), "no secret is ever sent from the app");
    }

    @Test
    void sendsTheVerifierWhenTheLaunchUsedPkce() throws Exception {
        server.reply(200, USER_JSON);
        exchange.exchange(TICKET, POOL_ID, VERIFIER);
        Map<String, Object> expected = map("ticket", TICKET);
        expected.put("codeVerifier", VERIFIER);
        assertEquals(expected, Json.parse(server.requests.peek().body));
    }

    @Test
    void aBaseUrlWithoutPathOrSlashWorksToo() throws Exception {
        server.reply(200, USER_JSON);
        new TicketExchange(server.url("")).exchange(TICKET, POOL_ID);
        assertEquals("/oauth/app2wxapp/auth/" + POOL_ID, server.requests.peek().path);
    }

    @TestFactory
    List<DynamicTest> everyServiceReasonIsTyped() {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final ServiceReason reason : ServiceReason.values()) {
            tests.add(DynamicTest.dynamicTest(reason.wireName(), () -> {
                server.reply(reason.status(), "{\"code\":" + reason.status() + ",\"message\":\"m-" + reason.wireName()
                        + "\",\"error\":\"" + reason.wireName() + "\"}");
                TicketExchangeException.Service error = expect(TicketExchangeException.Service.class, () -> exchange.exchange(TICKET, POOL_ID));
                assertEquals(reason, error.reason());
                assertEquals("m-" + reason.wireName(), error.serviceMessage());
            }));
        }
        return tests;
    }

    @Test
    void aKnownReasonWithoutMessageHasAnEmptyOne() throws Exception {
        server.reply(400, "{\"code\":400,\"error\":\"ticket_invalid\"}");
        assertEquals("", expect(TicketExchangeException.Service.class, () -> exchange.exchange(TICKET, POOL_ID)).serviceMessage());
    }

    @Test
    void anUnknownReasonKeepsWhatTheServiceSaid() throws Exception {
        server.reply(418, "{\"code\":418,\"message\":\"teapot\",\"error\":\"brewing\"}");
        TicketExchangeException.UnexpectedStatus error = expect(TicketExchangeException.UnexpectedStatus.class, () -> exchange.exchange(TICKET, POOL_ID));
        assertEquals(418, error.status());
        assertEquals("brewing", error.reasonName());
        assertEquals("teapot", error.serviceMessage());
    }

    @Test
    void aFailureFromSomethingInFrontOfTheService() throws Exception {
        server.reply(502, "text/html", "<html>Bad Gateway</html>");
        TicketExchangeException.UnexpectedStatus error = expect(TicketExchangeException.UnexpectedStatus.class, () -> exchange.exchange(TICKET, POOL_ID));
        assertEquals(502, error.status());
        assertNull(error.reasonName());
        assertNull(error.serviceMessage());
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        server.redirect(302, server.url("/elsewhere").toString());
        assertEquals(302, expect(TicketExchangeException.UnexpectedStatus.class, () -> exchange.exchange(TICKET, POOL_ID)).status());
        assertEquals(1, server.requests.size());
    }

    @Test
    void aSuccessStatusWithANonJsonBody() throws Exception {
        server.reply(200, "text/html", "<html>captive portal</html>");
        assertBadResponse(TicketExchangeException.BadResponse.Reason.NOT_ENVELOPE, 200);
    }

    @Test
    void aSuccessStatusWithJsonThatIsNotTheEnvelope() throws Exception {
        server.reply(200, "[1]");
        assertBadResponse(TicketExchangeException.BadResponse.Reason.NOT_ENVELOPE, 200);
        server.reply(200, "{\"code\":\"200\",\"data\":{\"_id\":\"a\",\"token\":\"t\"}}");
        assertBadResponse(TicketExchangeException.BadResponse.Reason.NOT_ENVELOPE, 200);
    }

    @Test
    void aBodyTooLargeToBeTheServicesIsNotRead() throws Exception {
        String padded = USER_JSON.substring(0, USER_JSON.length() - 1) + ",\"pad\":\"" + repeat("x", TicketExchange.MAX_BODY_BYTES) + "\"}";
        server.reply(200, padded);
        assertBadResponse(TicketExchangeException.BadResponse.Reason.NOT_ENVELOPE, 200);
    }

    @Test
    void aSuccessWithoutAReadableUser() throws Exception {
        String[][] bodies = {
            {"{\"code\":200,\"message\":\"ok\"}", "(data)"},
            {"{\"code\":200,\"data\":null}", "(data)"},
            {"{\"code\":200,\"data\":[]}", "(data)"},
            {"{\"code\":200,\"data\":{\"token\":\"t\"}}", "loginsCount"},
            {"{\"code\":200,\"data\":{\"_id\":1,\"loginsCount\":1,\"token\":\"t\"}}", "_id"},
        };
        for (String[] body : bodies) {
            server.reply(200, body[0]);
            TicketExchangeException.BadResponse error = expect(TicketExchangeException.BadResponse.class, () -> exchange.exchange(TICKET, POOL_ID));
            assertEquals(TicketExchangeException.BadResponse.Reason.MISSING_USER, error.reason(), body[0]);
            assertEquals(body[1], error.field(), body[0]);
            assertTrue(error.getMessage().contains(body[1]), error.getMessage());
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndUnknownStringsReadAsNull() throws Exception {
        server.reply(201, "{\"code\":200,\"extra\":{\"x\":[1]},\"data\":{\"_id\":\"a\",\"openid\":\"o\",\"signedUp\":\"s\","
                + "\"loginsCount\":0,\"token\":\"t\",\"tokenExpiredAt\":\"e\",\"phone\":\"\",\"nickname\":null,\"newField\":true}}");
        ExchangedUser user = exchange.exchange(TICKET, POOL_ID);
        assertEquals("a", user.id());
        assertNull(user.phone());
        assertNull(user.nickname());
        assertNull(user.unionid());
        assertFalse(user.blocked());
    }

    @Test
    void anAnswerThatIsNotHttp() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try (Socket socket = raw.accept()) {
                    readRequest(socket.getInputStream());
                    socket.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client's assertion reports what went wrong
                }
            });
            answerer.start();
            TicketExchange toRaw = new TicketExchange(new URL("http://127.0.0.1:" + raw.getLocalPort()));
            TicketExchangeException.BadResponse error = expect(TicketExchangeException.BadResponse.class, () -> toRaw.exchange(TICKET, POOL_ID));
            assertEquals(TicketExchangeException.BadResponse.Reason.NOT_HTTP, error.reason());
            assertEquals(-1, error.status());
            answerer.join();
        }
    }

    @Test
    void aConnectionRefused() throws Exception {
        URL closed = server.url("");
        server.close();
        TicketExchangeException.Transport error = expect(TicketExchangeException.Transport.class, () -> new TicketExchange(closed).exchange(TICKET, POOL_ID));
        assertEquals(TicketExchangeException.Transport.Reason.NETWORK, error.reason());
        assertInstanceOf(ConnectException.class, error.getCause());
    }

    /** A listening socket that never accepts: the kernel completes the connection, and no answer ever comes. */
    @Test
    void noAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TicketExchange impatient = new TicketExchange(new URL("http://127.0.0.1:" + silent.getLocalPort()), 200);
            TicketExchangeException.Transport error = expect(TicketExchangeException.Transport.class, () -> impatient.exchange(TICKET, POOL_ID));
            assertEquals(TicketExchangeException.Transport.Reason.TIMED_OUT, error.reason());
            assertInstanceOf(SocketTimeoutException.class, error.getCause());
        }
    }

    @Test
    void nothingIsSentForInputThatCannotBeValid() throws Exception {
        server.reply(200, USER_JSON);
        Object[][] cases = {
            {"a+b" + repeat("c", 20), POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            {"", POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            {null, POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            // extMsg may carry 1 to 512 characters; the service takes 16 to 128 and refuses the rest unseen.
            {repeat("a", 15), POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            {repeat("a", 129), POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            {repeat("a", 20) + "\u0301", POOL_ID, null, TicketExchangeException.InvalidInput.Field.TICKET},
            {TICKET, "../../admin", null, TicketExchangeException.InvalidInput.Field.USER_POOL_ID},
            {TICKET, null, null, TicketExchangeException.InvalidInput.Field.USER_POOL_ID},
            {TICKET, POOL_ID, "short", TicketExchangeException.InvalidInput.Field.CODE_VERIFIER},
            {TICKET, POOL_ID, VERIFIER + "\"", TicketExchangeException.InvalidInput.Field.CODE_VERIFIER},
        };
        for (final Object[] row : cases) {
            TicketExchangeException.InvalidInput error = expect(TicketExchangeException.InvalidInput.class,
                    () -> exchange.exchange((String) row[0], (String) row[1], (String) row[2]));
            assertEquals(row[3], error.field(), Arrays.toString(row));
        }
        assertTrue(server.requests.isEmpty());
    }

    @Test
    void ticketsOf16To128CharactersAreSent() throws Exception {
        for (int length : new int[] {16, 128}) {
            String ticket = repeat("a", length);
            assertEquals(ticket, LaunchResult.parse("code=200&ticket=" + ticket).ticket(), "extMsg reads it");
            server.reply(200, USER_JSON);
            exchange.exchange(ticket, POOL_ID);
            assertEquals(map("ticket", ticket), Json.parse(server.requests.poll().body));
        }
    }

    @Test
    void theBaseUrlMustBeHttpWithoutQueryOrFragment() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new TicketExchange(new URL("ftp://xdl.example.com")));
        assertThrows(IllegalArgumentException.class, () -> new TicketExchange(new URL("https://xdl.example.com/?a=1")));
        assertThrows(IllegalArgumentException.class, () -> new TicketExchange(new URL("https://xdl.example.com/#top")));
        assertThrows(IllegalArgumentException.class, () -> new TicketExchange(new URL("https://xdl.example.com"), 0));
    }

    /** Every kind of failure, once: each says something of its own, and none repeats the ticket or the verifier. */
    @Test
    void errorsExplainThemselves() {
        List<TicketExchangeException> errors = new ArrayList<TicketExchangeException>();
        for (TicketExchangeException.InvalidInput.Field field : TicketExchangeException.InvalidInput.Field.values()) {
            errors.add(new TicketExchangeException.InvalidInput(field));
        }
        for (ServiceReason reason : ServiceReason.values()) errors.add(new TicketExchangeException.Service(reason, ""));
        errors.add(new TicketExchangeException.UnexpectedStatus(502, null, null));
        errors.add(new TicketExchangeException.UnexpectedStatus(418, "brewing", "teapot"));
        errors.add(new TicketExchangeException.UnexpectedStatus(418, "brewing", null));
        errors.add(new TicketExchangeException.UnexpectedStatus(418, null, "teapot"));
        errors.add(new TicketExchangeException.Transport(TicketExchangeException.Transport.Reason.TIMED_OUT, new SocketTimeoutException()));
        errors.add(new TicketExchangeException.Transport(TicketExchangeException.Transport.Reason.NETWORK, new ConnectException()));
        for (TicketExchangeException.BadResponse.Reason reason : TicketExchangeException.BadResponse.Reason.values()) {
            errors.add(new TicketExchangeException.BadResponse(reason, 200));
        }
        Set<String> messages = new HashSet<String>();
        for (TicketExchangeException error : errors) {
            assertFalse(error.getMessage().isEmpty(), error.getClass().getSimpleName());
            assertFalse(error.getMessage().contains(TICKET) || error.getMessage().contains(VERIFIER));
            messages.add(error.getMessage());
        }
        assertEquals(errors.size(), messages.size(), "two failures share a message");
        assertTrue(errors.get(0).getMessage().startsWith(Contract.POOL_ID_EXPLANATION));
    }

    @Test
    void aUserIsAValueWhoseTextShowsNeitherTokenNorPersonalData() throws Exception {
        server.reply(200, USER_JSON);
        ExchangedUser first = exchange.exchange(TICKET, POOL_ID);
        server.reply(200, USER_JSON);
        ExchangedUser second = exchange.exchange(TICKET, POOL_ID);
        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        assertEquals("ExchangedUser(id: 5e57540f84622ae263294a42)", first.toString());
    }

    private void assertBadResponse(TicketExchangeException.BadResponse.Reason reason, int status) {
        TicketExchangeException.BadResponse error = expect(TicketExchangeException.BadResponse.class, () -> exchange.exchange(TICKET, POOL_ID));
        assertEquals(reason, error.reason());
        assertEquals(status, error.status());
    }

    /** {@code assertThrows} for the exact failure type, so a wrong kind of failure names itself. */
    private static <T extends TicketExchangeException> T expect(Class<T> type, Executable call) {
        TicketExchangeException error = assertThrows(TicketExchangeException.class, call);
        return assertInstanceOf(type, error, error.getMessage());
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> map = new HashMap<String, Object>();
        map.put(key, value);
        return map;
    }

    /** Reads the headers and the Content-Length body of one HTTP request. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString("ISO-8859-1").endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return;
            head.write(b);
        }
        String headers = head.toString("ISO-8859-1").toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(headers.substring(at + 15, headers.indexOf("\r\n", at)).trim());
        for (int i = 0; i < length && in.read() >= 0; i++) {
            // discard the body
        }
    }
}
