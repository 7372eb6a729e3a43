package dev.evctl.schema.registry;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a client for a plain {@code http://} registry: one that refuses to be used.
 * Without a context of its own, {@code HttpClient} builds the JDK's default one, which parses
 * every certificate of the JDK's trust store (about 0.17 s of a command's start) for
 * connections that never use TLS.
 */
final class NoTls extends SSLContextSpi {

    private NoTls() {}

    static SSLContext context() {
        return new SSLContext(new NoTls(), null, "none") {};
    }

    /** Parameters given with the context, so the client does not ask the context for its defaults. */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("TLS for a registry configured as http://");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
        throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw refused();
    }
}
