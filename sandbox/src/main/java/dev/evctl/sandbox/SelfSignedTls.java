package dev.evctl.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the sandbox's TLS listener, made with the JDK's own keytool so
 * no extra crypto library is needed. Valid for 127.0.0.1 and localhost.
 */
record SelfSignedTls(Path keyStore, String storePassword, Path trustPem) {

    static SelfSignedTls ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("broker.p12");
        Path passwordFile = dir.resolve("keystore-password");
        Path pem = dir.resolve("ca.pem");
        if (!Files.exists(keyStore) || !Files.exists(passwordFile) || !Files.exists(pem)) {
            Files.deleteIfExists(keyStore);
            String password = Secrets.randomSecret();
            Secrets.writeOwnerOnly(passwordFile, password);
            keytool(List.of(
                    "-genkeypair",
                    "-alias",
                    "sandbox",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=evctl sandbox",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password));
            keytool(List.of(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "sandbox",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-file",
                    pem.toString()));
        }
        Secrets.ownerOnly(keyStore); // keytool makes it as the umask says; copies made before this check are mended too
        return new SelfSignedTls(keyStore, Files.readString(passwordFile).trim(), pem);
    }

    private static void keytool(List<String> args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                // keytool echoes no passwords in its errors, but keep only the first line anyway
                throw new SandboxException(
                        SandboxException.Reason.START_FAILED,
                        "keytool could not create the sandbox TLS certificate: "
                                + output.lines().findFirst().orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(
                    SandboxException.Reason.START_FAILED, "interrupted while creating the TLS certificate");
        }
    }
}
