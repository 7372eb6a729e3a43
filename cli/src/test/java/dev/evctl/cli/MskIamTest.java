package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * An AWS MSK IAM context, run from the packaged distribution (whose lib/aws the launcher keeps off the class path),
 * against a broker that checks the SigV4 signature of every login ({@link MskIamBroker}). The AWS SDK reads real
 * environment variables and ~/.aws files, so each run gets a clean environment of its own.
 */
@Tag("integration")
// its own broker and STS, waiting on logins: it runs beside the other classes, its tests one at a time
@Execution(ExecutionMode.CONCURRENT)
class MskIamTest {

    private static final String KEY_ID = "AKIAEVCTLTEST0000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String REGION = "eu-west-1";
    private static final String ROLE = "arn:aws:iam::123456789012:role/kafka-ops";
    private static final MskIamBroker.Key ROLE_KEY = new MskIamBroker.Key(
            "ASIAEVCTLROLE0000001", "roleSecret/evctl00000000000000000000000", "FwoGZXIvYXdzEvctlTestSessionToken0001");

    @TempDir
    static Path dir;

    private static MskIamBroker broker;

    @BeforeAll
    static void startBroker() {
        broker =
                MskIamBroker.start(dir.resolve("broker"), REGION, new MskIamBroker.Key(KEY_ID, SECRET, null), ROLE_KEY);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    record Run(int exit, String out, String err) {}

    /** The distribution's launcher with only the given AWS settings in its environment and its own HOME. */
    private static Run evctl(Path home, Map<String, String> aws, String... args)
            throws IOException, InterruptedException {
        Path launcher = Path.of(System.getProperty("evctl.dist")).resolve("bin").resolve("evctl");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("EVCTL_"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        env.put("EVCTL_STATE_DIR", home.resolve("state").toString());
        env.putAll(aws);
        if (!Files.exists(home.resolve("config.yaml"))) {
            Files.createDirectories(home);
            Files.writeString(home.resolve("config.yaml"), "");
        }
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "evctl did not finish within 90 s: " + String.join(" ", args));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Run ok(Path home, Map<String, String> aws, String... args) throws Exception {
        Run r = evctl(home, aws, args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        return r;
    }

    private static void mskContext(Path home, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "config",
                "set-context",
                name,
                "-b",
                broker.listener().bootstrapServers(),
                "--aws-iam",
                "--aws-region",
                REGION,
                "-p",
                "ssl.truststore.type=PEM",
                "-p",
                "ssl.truststore.location=" + broker.listener().trustStorePem()));
        args.addAll(List.of(more));
        ok(home, Map.of(), args.toArray(String[]::new));
    }

    private static Map<String, String> keys(String keyId, String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret);
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void theRightKeysPublishAndTailThroughTheSignedLoginAndAnIndependentClientCountsTheRecords() throws Exception {
        Path home = dir.resolve("right");
        mskContext(home, "msk");
        String topic = "iam-orders-" + System.nanoTime();
        int before = MskIamBroker.ACCEPTED.size();

        ok(home, keys(KEY_ID, SECRET), "topics", "create", topic, "--partitions", "1");
        ok(home, keys(KEY_ID, SECRET), "publish", topic, "--value", "{\"n\":1}", "--count", "5");
        Run tail = ok(home, keys(KEY_ID, SECRET), "tail", topic, "--from", "-5", "--max", "5");

        assertEquals(5, tail.out().lines().count(), tail.out());
        assertTrue(MskIamBroker.ACCEPTED.size() > before, "the broker checked and accepted signed logins");
        assertTrue(MskIamBroker.ACCEPTED.subList(before, MskIamBroker.ACCEPTED.size()).stream()
                .allMatch(KEY_ID::equals));
        if (Python.hasConfluentKafka()) {
            assertEquals(
                    5,
                    Python.readCommitted(broker.plainBootstrapServers(), topic).values().stream()
                            .mapToInt(List::size)
                            .sum());
        }
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void aRoleArnLogsInWithTheTemporaryCredentialsStsGaveForTheBaseKeys() throws Exception {
        Path home = dir.resolve("role");
        mskContext(home, "msk", "--aws-role-arn", ROLE);
        int before = MskIamBroker.ACCEPTED.size();
        try (FakeSts sts = new FakeSts(KEY_ID, ROLE, ROLE_KEY)) {
            Map<String, String> env = mapOf(keys(KEY_ID, SECRET), "AWS_ENDPOINT_URL_STS", sts.url());

            ok(home, env, "topics", "list");
            Run doctor = ok(home, env, "doctor");

            assertTrue(
                    MskIamBroker.ACCEPTED
                            .subList(before, MskIamBroker.ACCEPTED.size())
                            .contains(ROLE_KEY.accessKeyId()),
                    "the broker saw the role's temporary key, with its session token: " + MskIamBroker.ACCEPTED);
            assertFalse(sts.calls.isEmpty());
            assertEquals("evctl", sts.calls.get(0).get("RoleSessionName"));
            String login = doctor.out()
                    .lines()
                    .filter(l -> l.contains("login"))
                    .findFirst()
                    .orElse(doctor.out());
            assertTrue(
                    login.contains(ROLE) && login.contains(ROLE_KEY.accessKeyId()) && login.contains("temporary"),
                    login);
            assertFalse(doctor.out().contains(ROLE_KEY.sessionToken())
                    || doctor.out().contains(ROLE_KEY.secretAccessKey()));
        }
        try (FakeSts refusing = new FakeSts("AKIASOMEONEELSE00001", ROLE, ROLE_KEY)) {
            Run r = evctl(
                    home,
                    mapOf(keys(KEY_ID, SECRET), "AWS_ENDPOINT_URL_STS", refusing.url()),
                    "topics",
                    "list",
                    "--timeout",
                    "20s");
            assertEquals(ExitCodes.CONNECTION, r.exit(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("STS refused") && r.err().contains(ROLE), "not a fall-back login: " + r.err());
            assertFalse(r.err().contains(SECRET), r.err());
        }
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void aWrongSecretIsRefusedByTheBrokerInOneLineWithoutEitherSecret() throws Exception {
        Path home = dir.resolve("wrong");
        mskContext(home, "msk");
        String wrong = "notTheSecret/evctl0000000000000000000000";

        Run r = evctl(home, keys(KEY_ID, wrong), "topics", "list", "--timeout", "20s");

        assertEquals(ExitCodes.CONNECTION, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("Access denied"), r.err());
        assertTrue(r.err().contains("AWS"), r.err());
        assertFalse(r.err().contains(wrong) || r.err().contains(SECRET), r.err());
        assertEquals("", r.out());
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void aProfileGivesTheKeysAndDoctorNamesItsSourceAndKeyIdWithoutTheSecret() throws Exception {
        Path home = dir.resolve("profile");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[ops]\naws_access_key_id = " + KEY_ID + "\naws_secret_access_key = " + SECRET + "\n",
                StandardCharsets.UTF_8);
        mskContext(home, "msk", "--aws-profile", "ops");

        ok(home, Map.of(), "topics", "list");
        Run doctor = ok(home, Map.of(), "doctor");

        String login = doctor.out()
                .lines()
                .filter(l -> l.contains("login"))
                .findFirst()
                .orElse(doctor.out());
        assertTrue(login.contains(KEY_ID), login);
        assertTrue(login.toLowerCase().contains("profile"), login);
        assertFalse(doctor.out().contains(SECRET) || doctor.err().contains(SECRET), doctor.out());
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void noCredentialsAnywhereIsOneLineThatSaysWhereEvctlLooked() throws Exception {
        Path home = dir.resolve("none");
        mskContext(home, "msk");

        long start = System.nanoTime();
        Run r = evctl(home, Map.of("AWS_EC2_METADATA_DISABLED", "true"), "topics", "list", "--timeout", "20s");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(ExitCodes.CONNECTION, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no AWS credentials"), r.err());
        assertTrue(seconds < 20, "took " + seconds + " s");
        Run doctor = evctl(home, Map.of("AWS_EC2_METADATA_DISABLED", "true"), "doctor");
        assertTrue(doctor.exit() != 0, doctor.out());
        assertTrue(
                doctor.out().lines().anyMatch(l -> l.contains("login") && l.contains("no AWS credentials")),
                doctor.out());
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void theAwsLibraryIsLoadedOnlyForAnIamContext() throws Exception {
        Path home = dir.resolve("lazy");
        Path plainLog = home.resolve("plain-classes.log");
        Path iamLog = home.resolve("iam-classes.log");
        ok(home, Map.of(), "config", "set-context", "plain", "-b", broker.plainBootstrapServers());
        mskContext(home, "msk");

        ok(
                home,
                Map.of("EVCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + plainLog),
                "--context",
                "plain",
                "topics",
                "list");
        ok(
                home,
                mapOf(keys(KEY_ID, SECRET), "EVCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + iamLog),
                "--context",
                "msk",
                "topics",
                "list");

        assertFalse(Files.readString(plainLog).contains("software.amazon"), "a plain context loads no AWS class");
        String iam = Files.readString(iamLog);
        assertTrue(iam.contains("software.amazon.msk.auth.iam.IAMLoginModule"), "the IAM context loads the library");
        assertTrue(
                iam.lines()
                        .filter(l -> l.contains("software.amazon.msk.auth.iam.IAMLoginModule "))
                        .allMatch(l -> l.contains("lib/aws/aws-msk-iam-auth")),
                "from lib/aws");
    }

    private static Map<String, String> mapOf(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Execution(ExecutionMode.SAME_THREAD)
    @Test
    void setContextRefusesAnIamLoginItCannotSign() throws Exception {
        Path home = dir.resolve("refusals");
        Evctl evctl = new Evctl(home);
        Evctl.Result noRegion =
                evctl.expect(ExitCodes.USAGE, "config", "set-context", "x", "-b", "kafka-1:9098", "--aws-iam");
        assertTrue(noRegion.err().contains("--aws-region"), noRegion.err());
        evctl.ok(
                "config",
                "set-context",
                "msk",
                "-b",
                "b-1.prod.x1y2z3.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.prod.x1y2z3.c2.kafka.eu-west-1"
                        + ".amazonaws.com:9098",
                "--aws-iam");
        assertTrue(evctl.ok("config", "view").out().contains("AWS_MSK_IAM"));
        evctl.expect(ExitCodes.USAGE, "config", "set-context", "y", "-b", "kafka-1:9098", "--aws-region", REGION);
        evctl.expect(
                ExitCodes.USAGE,
                "config",
                "set-context",
                "z",
                "-b",
                "kafka-1:9098",
                "--aws-iam",
                "--aws-region",
                REGION,
                "--oauth-token-url",
                "https://idp/token",
                "--oauth-client-id",
                "c",
                "--oauth-client-secret",
                "${env:S}");
    }
}
