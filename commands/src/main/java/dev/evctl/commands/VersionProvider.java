package dev.evctl.commands;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, with the Kafka client version beside it. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = EvctlCommand.class.getPackage().getImplementationVersion();
        return new String[] {"evctl " + (version == null ? "dev" : version)
                + " (kafka-clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ", Java "
                + System.getProperty("java.version") + ")"};
    }
}
