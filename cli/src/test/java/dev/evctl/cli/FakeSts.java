package dev.evctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for AWS STS's AssumeRole (the Query API: a form POST, an XML answer), for tests. It hands out one set
 * of temporary credentials, and only to a request signed (SigV4 Authorization header) with the base access key id it
 * was given, for the role it was given.
 */
final class FakeSts implements AutoCloseable {

    /** The form parameters of every AssumeRole call that was answered with credentials. */
    final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

    private final HttpServer server;

    FakeSts(String baseKeyId, String roleArn, MskIamBroker.Key issued) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, baseKeyId, roleArn, issued));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, String baseKeyId, String roleArn, MskIamBroker.Key issued)
            throws IOException {
        Map<String, String> form = new HashMap<>();
        try (InputStream in = exchange.getRequestBody()) {
            for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean signedByBase = auth.startsWith("AWS4-HMAC-SHA256 Credential=" + baseKeyId + "/");
        if (!"AssumeRole".equals(form.get("Action")) || !roleArn.equals(form.get("RoleArn")) || !signedByBase) {
            reply(
                    exchange,
                    403,
                    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                            + "<Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to assume "
                            + form.get("RoleArn") + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");
            return;
        }
        calls.add(form);
        reply(
                exchange,
                200,
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleResult><Credentials>"
                        + "<AccessKeyId>" + issued.accessKeyId() + "</AccessKeyId>"
                        + "<SecretAccessKey>" + issued.secretAccessKey() + "</SecretAccessKey>"
                        + "<SessionToken>" + issued.sessionToken() + "</SessionToken>"
                        + "<Expiration>"
                        + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                        + "</Expiration></Credentials>"
                        + "<AssumedRoleUser><AssumedRoleId>AROAEVCTLTEST:" + form.get("RoleSessionName")
                        + "</AssumedRoleId>"
                        + "<Arn>" + roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/"
                        + form.get("RoleSessionName") + "</Arn></AssumedRoleUser>"
                        + "</AssumeRoleResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>"
                        + "</AssumeRoleResponse>");
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
