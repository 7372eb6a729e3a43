package dev.evctl.commands.schema;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the schema commands. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Avro schema compatibility: the CI gate.",
        subcommands = {
            CheckSchemaCommand.class,
            RegisterSchemaCommand.class,
            SchemaSubcommands.Get.class,
            SchemaSubcommands.ListSubjects.class,
            SchemaSubcommands.Versions.class,
            SchemaSubcommands.Config.class,
            SchemaSubcommands.Delete.class,
            DiffSchemaCommand.class
        })
public final class SchemaCommand extends CommandGroup {}
