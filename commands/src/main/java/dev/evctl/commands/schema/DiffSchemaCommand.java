package dev.evctl.commands.schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.SchemaDiff;
import dev.evctl.schema.registry.RegistryClient;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What changed between two schemas, by field name. Exits 1 when they differ, like diff(1). */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
        "Structural diff of two Avro schemas: fields added, removed or changed, enum symbols, sizes.",
        "Two files (--file OLD --file NEW), two versions of a subject (SUBJECT V1 V2), or a file against",
        "a subject's latest version (SUBJECT --file NEW). Exit 0 identical, 1 different."},
        footerHeading = "%nExamples:%n",
        footer = {"  evctl schema diff -f released/order.avsc -f schemas/order.avsc",
                "  evctl schema diff orders-value 3 4",
                "  evctl schema diff orders-value -f schemas/order.avsc"})
public final class DiffSchemaCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..3", paramLabel = "SUBJECT [V1 [V2]]")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A schema file (once with SUBJECT, twice alone).")
    List<Path> files = new ArrayList<>();

    public DiffSchemaCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Schema before;
        Schema after;
        if (args.isEmpty() && files.size() == 2) {
            before = parse(SchemaSubcommands.readSchemaFile(files.get(0)));
            after = parse(SchemaSubcommands.readSchemaFile(files.get(1)));
        } else if (args.size() == 1 && files.size() == 1) {
            RegistryClient client = registry.client(session);
            before = parse(RegistryCalls.call(() -> client.version(args.get(0), "latest")).schema());
            after = parse(SchemaSubcommands.readSchemaFile(files.get(0)));
        } else if (args.size() == 3 && files.isEmpty()) {
            RegistryClient client = registry.client(session);
            before = parse(RegistryCalls.call(() -> client.version(args.get(0), args.get(1))).schema());
            after = parse(RegistryCalls.call(() -> client.version(args.get(0), args.get(2))).schema());
        } else {
            throw EvctlException.usage("give two --file, SUBJECT V1 V2, or SUBJECT --file NEW");
        }
        List<SchemaDiff.Change> changes = SchemaDiff.diff(before, after);
        if (output.json()) {
            output.print(session.out(), Map.of("identical", changes.isEmpty(), "changes", changes));
        } else {
            changes.forEach(c -> session.out().println(c));
            if (changes.isEmpty()) {
                session.err().println("no structural difference");
            }
            session.out().flush();
            session.err().flush();
        }
        return changes.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static Schema parse(String text) {
        try {
            return AvroSchemas.parse(text);
        } catch (dev.evctl.schema.InvalidSchemaException e) {
            throw EvctlException.badInput(e.getMessage());
        }
    }
}
