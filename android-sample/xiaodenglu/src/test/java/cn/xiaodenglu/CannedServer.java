package cn.xiaodenglu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A ticket service stand-in on 127.0.0.1 (a free port): records each request and answers with the canned
 * reply. The client returns only after the reply, which the handler sends after recording, so a test reads
 * the record without waiting.
 */
final class CannedServer implements AutoCloseable {
    /** One request as the server saw it. */
    static final class Request {
        final String method;
        final String path;
        final String query;
        final String contentType;
        final String body;

        Request(HttpExchange exchange, String body) {
            this.method = exchange.getRequestMethod();
            this.path = exchange.getRequestURI().getPath();
            this.query = exchange.getRequestURI().getQuery();
            this.contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            this.body = body;
        }
    }

    final Queue<Request> requests = new ConcurrentLinkedQueue<Request>();
    private final HttpServer server;
    private volatile int status = 500;
    private volatile String contentType = "application/json; charset=utf-8";
    private volatile byte[] body = new byte[0];
    private volatile String location;
    private boolean stopped;

    CannedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange, read(exchange.getRequestBody())));
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if (location != null) exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            exchange.close();
        });
        server.start();
    }

    CannedServer reply(int status, String body) {
        return reply(status, "application/json; charset=utf-8", body);
    }

    CannedServer reply(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.location = null;
        return this;
    }

    CannedServer redirect(int status, String location) {
        reply(status, "text/plain", "");
        this.location = location;
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    URL url(String path) throws MalformedURLException {
        return new URL("http://127.0.0.1:" + port() + path);
    }

    /** Stops the server; a second call does nothing. */
    @Override
    public void close() {
        if (stopped) return;
        stopped = true;
        server.stop(0);
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) bytes.write(buffer, 0, n);
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
