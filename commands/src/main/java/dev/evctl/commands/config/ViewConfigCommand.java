package dev.evctl.commands.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.SecretReferences;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Shows the config file with every secret written in clear replaced by ****. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl config view", "  evctl config view -o json"},
        description = "Show the config file; secrets in clear are redacted, references are shown as written.")
public final class ViewConfigCommand implements Callable<Integer> {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Session session;

    @Mixin
    OutputOptions output;

    public ViewConfigCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        Config config = session.configStore().load();
        Map<String, ContextConfig> redacted = new LinkedHashMap<>();
        config.contexts()
                .forEach((name, c) -> redacted.put(
                        name,
                        new ContextConfig(
                                c.bootstrapServers(),
                                redact(c.properties()),
                                SecretReferences.redactUrl(c.registryUrl()),
                                redact(c.registryProperties()))));
        Config shown = new Config(config.currentContext(), redacted);
        String text = "# " + session.configStore().file() + "\n"
                + YAML.writeValueAsString(shown).stripTrailing();
        output.show(session.out(), shown, (config2, out) -> out.println(text));
        return ExitCodes.OK;
    }

    private static Map<String, String> redact(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k, SecretReferences.redact(k, v)));
        return out;
    }
}
